extension ProviderConfiguration {
    /// The chat client for the configured LLM, or nil when none is configured.
    public func chatClient(cache: (any ProviderCache)?, executor: ProviderExecutor, metrics: ProviderMetrics) -> ChatClient? {
        llm.map { ChatClient(endpoint: $0, timeouts: timeouts, retry: retry, cache: cache, executor: executor, metrics: metrics) }
    }

    /// The configured embedding endpoint, or the built-in hashing embedder when there is none.
    public func embedder(cache: (any ProviderCache)?, executor: ProviderExecutor, metrics: ProviderMetrics) -> any Embedder {
        guard let embedding else { return HashingEmbedder() }
        return EmbeddingClient(endpoint: embedding, encoding: embeddingEncoding, batchSize: embeddingBatchSize,
                               expectedDimension: embeddingDimension, timeouts: timeouts, retry: retry, cache: cache,
                               executor: executor, metrics: metrics)
    }

    /// The executor sized by `maxConcurrent`.
    public func makeExecutor() -> ProviderExecutor { ProviderExecutor(maxConcurrent: maxConcurrent) }
}
