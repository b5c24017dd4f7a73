extension ProviderConfiguration {
    public static let defaultBaseURL = "https://api.openai.com/v1"

    /// Reads the SHORTLIST_* variables (OPENAI_BASE_URL / OPENAI_API_KEY as fallbacks for the LLM).
    /// The LLM is configured when SHORTLIST_LLM_MODEL is set, the embedding endpoint when
    /// SHORTLIST_EMBED_MODEL is set; an embedding endpoint without its own URL or key shares the LLM's.
    public static func fromEnvironment(_ environment: [String: String]) throws(ProviderConfigurationError) -> ProviderConfiguration {
        let env = environment.filter { !$0.value.isEmpty }
        // `try` inside `??` is an untyped autoclosure: read each variable first.
        let shortlistBase = try baseURL(env, "SHORTLIST_LLM_BASE_URL")
        let openAIBase = try baseURL(env, "OPENAI_BASE_URL")
        let llmBase = shortlistBase ?? openAIBase
        let embedBase = try baseURL(env, "SHORTLIST_EMBED_BASE_URL")
        let llmKey = env["SHORTLIST_LLM_API_KEY"] ?? env["OPENAI_API_KEY"]
        var configuration = ProviderConfiguration()
        if let model = env["SHORTLIST_LLM_MODEL"] {
            configuration.llm = ProviderEndpoint(baseURL: llmBase ?? defaultBaseURL, model: model, apiKey: llmKey)
        }
        if let model = env["SHORTLIST_EMBED_MODEL"] {
            let base = embedBase ?? llmBase ?? defaultBaseURL
            configuration.embedding = ProviderEndpoint(baseURL: base, model: model, apiKey: env["SHORTLIST_EMBED_API_KEY"] ?? llmKey)
        }
        if let format = env["SHORTLIST_EMBED_ENCODING"] {
            guard let encoding = EmbeddingEncoding(rawValue: format) else {
                throw ProviderConfigurationError(variable: "SHORTLIST_EMBED_ENCODING", reason: "must be float or base64")
            }
            configuration.embeddingEncoding = encoding
        }
        configuration.embeddingBatchSize = try integer(env, "SHORTLIST_EMBED_BATCH_SIZE", in: 1...2048, default: 64)
        configuration.embeddingDimension = try integer(env, "SHORTLIST_EMBED_DIMENSIONS", in: 1...65_536)
        configuration.timeouts.connectMilliseconds = try integer(env, "SHORTLIST_PROVIDER_CONNECT_TIMEOUT_MS", in: 1...600_000, default: 5_000)
        configuration.timeouts.totalMilliseconds = try integer(env, "SHORTLIST_PROVIDER_TIMEOUT_MS", in: 1...3_600_000, default: 60_000)
        configuration.retry.maxAttempts = try integer(env, "SHORTLIST_PROVIDER_MAX_ATTEMPTS", in: 1...3, default: 3)
        if let budget = try integer(env, "SHORTLIST_PROVIDER_RETRY_BUDGET_MS", in: 0...3_600_000) {
            configuration.retry.retryBudgetSeconds = Double(budget) / 1000
        }
        configuration.maxConcurrent = try integer(env, "SHORTLIST_PROVIDER_MAX_CONCURRENT", in: 1...1024, default: 64)
        return configuration
    }

    private static func baseURL(_ env: [String: String], _ variable: String) throws(ProviderConfigurationError) -> String? {
        guard let value = env[variable] else { return nil }
        guard value.hasPrefix("http://") || value.hasPrefix("https://") else {
            throw ProviderConfigurationError(variable: variable, reason: "must start with http:// or https://")
        }
        return value
    }

    private static func integer(_ env: [String: String], _ variable: String, in range: ClosedRange<Int>,
                                default fallback: Int) throws(ProviderConfigurationError) -> Int {
        try integer(env, variable, in: range) ?? fallback
    }

    private static func integer(_ env: [String: String], _ variable: String, in range: ClosedRange<Int>) throws(ProviderConfigurationError) -> Int? {
        guard let text = env[variable] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw ProviderConfigurationError(variable: variable, reason: "must be an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }
}
