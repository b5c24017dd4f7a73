extension ServiceConfiguration {
    /// Every setting of `shortlist serve`, in the order help and the README list them.
    public static let settings: [ConfigurationSetting] = [
        .text("host", \.host, value: "address", help: "Address to listen on."),
        .integer("port", \.port, in: 0...65535, help: "Port to listen on, 0 for any free port."),
        .text("db", \.databasePath, value: "path", help: "SQLite database file."),
        .optionalText("api-key", \.apiKey, value: "key", secret: true,
                      help: "Require 'Authorization: Bearer <key>' on every route but /healthz."),
        .toggle("allow-unauthenticated", \.allowUnauthenticated, help: "Allow a non-loopback address without an API key."),
        .integer("job-concurrency", \.jobConcurrency, in: 1...64, help: "Selection and embed jobs running at once."),
        .integer("block-rows", \.blockRows, in: 1...1_048_576, help: "Candidate rows per block streamed into a selection."),
        .number("header-timeout", \.headerTimeout, in: 0.001...3600, value: "seconds", help: "Seconds to receive a request head before 408."),
        .number("idle-timeout", \.idleTimeout, in: 0.001...86400, value: "seconds", help: "Seconds an idle keep-alive connection stays open."),
        .number("shutdown-grace", \.shutdownGrace, in: 0...3600, value: "seconds",
                help: "Seconds in-flight requests may finish after SIGTERM or SIGINT."),
        .integer("max-connections", \.maxConnections, in: 1...1_000_000,
                 help: "Open connections at once (also capped by the file descriptor limit)."),
        .choice("log-level", \.logLevel, among: ["trace", "debug", "info", "notice", "warning", "error", "critical"],
                help: "Lowest level logged; below info the access log is off."),
        .url("llm-base-url", \.llmBaseURL, fallback: ["OPENAI_BASE_URL"], help: "OpenAI-compatible base URL for chain-of-thought calls."),
        .optionalText("llm-model", \.llmModel, value: "name", help: "Chat model name."),
        .optionalText("llm-api-key", \.llmAPIKey, value: "key", fallback: ["OPENAI_API_KEY"], secret: true,
                      help: "Key sent to the LLM endpoint."),
        .number("llm-temperature", \.llmTemperature, in: 0...2, help: "Sampling temperature of the first (chain-of-thought) query."),
        .integer("llm-max-tokens", \.llmMaxTokens, in: 1...32768, help: "Token limit of the first (chain-of-thought) query."),
        .url("embed-base-url", \.embedBaseURL, help: "OpenAI-compatible base URL for embeddings; none = built-in hashing embedder."),
        .optionalText("embed-model", \.embedModel, value: "name", help: "Embedding model name."),
        .optionalText("embed-api-key", \.embedAPIKey, value: "key", secret: true,
                      help: "Key sent to the embedding endpoint (default: the LLM's)."),
        .integer("embed-batch-size", \.embedBatchSize, in: 1...2048, help: "Texts per embedding request."),
        .choice("embed-encoding", \.embedEncoding, among: ["float", "base64"], help: "How the endpoint returns embeddings."),
        .optionalInteger("embed-dimensions", \.embedDimensions, in: 1...65536,
                         help: "Refuse embeddings that do not have exactly this many dimensions."),
        .number("provider-timeout", \.providerTimeout, in: 0.001...3600, value: "seconds",
                help: "Total seconds for one LLM or embedding call."),
        .number("provider-connect-timeout", \.providerConnectTimeout, in: 0.001...600, value: "seconds",
                help: "Seconds to connect to a provider."),
        .integer("provider-max-attempts", \.providerMaxAttempts, in: 1...3,
                 help: "Tries per provider call; retries only after 429, 5xx or a timeout."),
        .integer("provider-max-concurrent", \.providerMaxConcurrent, in: 1...1024,
                 help: "Provider calls in flight at once, across requests and jobs."),
    ]

    /// The setting of a flag name (`port`), or nil.
    public static func setting(flag: String) -> ConfigurationSetting? {
        settings.first { $0.flag == flag }
    }
}
