import Providers

extension ServiceConfiguration {
    /// The providers this configuration asks for. The LLM is configured when its base URL or model
    /// is set; the embedding endpoint likewise (sharing the LLM's URL and key when it has none of its
    /// own). Neither set: no LLM and the built-in hashing embedder.
    var providerConfiguration: ProviderConfiguration {
        var p = ProviderConfiguration()
        if llmBaseURL != nil || llmModel != nil {
            p.llm = ProviderEndpoint(baseURL: llmBaseURL ?? ProviderConfiguration.defaultBaseURL, model: llmModel ?? "gpt-4o-mini",
                                     apiKey: llmAPIKey)
        }
        if embedBaseURL != nil || embedModel != nil {
            p.embedding = ProviderEndpoint(baseURL: embedBaseURL ?? llmBaseURL ?? ProviderConfiguration.defaultBaseURL,
                                           model: embedModel ?? "text-embedding-3-small", apiKey: embedAPIKey ?? llmAPIKey)
        }
        let total = max(1, Int((providerTimeout * 1000).rounded()))
        let connect = max(1, Int((providerConnectTimeout * 1000).rounded()))
        p.timeouts = ProviderTimeouts(connectMilliseconds: min(connect, total), totalMilliseconds: total)
        p.retry.maxAttempts = providerMaxAttempts
        // Retries never outlast about two timeouts, so a failing upstream answers within a bounded time.
        p.retry.retryBudgetSeconds = max(providerTimeout * 2, 1)
        p.maxConcurrent = providerMaxConcurrent
        p.embeddingBatchSize = embedBatchSize
        p.embeddingEncoding = EmbeddingEncoding(rawValue: embedEncoding) ?? .float
        p.embeddingDimension = embedDimensions
        return p
    }
}
