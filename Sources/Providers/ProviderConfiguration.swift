/// Which LLM and embedding endpoints to use and how patiently. Either may be absent: no LLM means
/// the client supplies the CoT; no embedding endpoint means the built-in hashing embedder.
public struct ProviderConfiguration: Sendable, Equatable {
    /// Where an endpoint without its own base URL points.
    public static let defaultBaseURL = "https://api.openai.com/v1"

    public var llm: ProviderEndpoint?
    public var embedding: ProviderEndpoint?
    public var embeddingEncoding: EmbeddingEncoding
    public var embeddingBatchSize: Int
    /// When set, every embedding must have exactly this many dimensions.
    public var embeddingDimension: Int?
    public var timeouts: ProviderTimeouts
    public var retry: RetryPolicy
    public var maxConcurrent: Int

    public init(llm: ProviderEndpoint? = nil, embedding: ProviderEndpoint? = nil,
                embeddingEncoding: EmbeddingEncoding = .float, embeddingBatchSize: Int = 64,
                embeddingDimension: Int? = nil, timeouts: ProviderTimeouts = ProviderTimeouts(),
                retry: RetryPolicy = RetryPolicy(), maxConcurrent: Int = 64) {
        self.llm = llm
        self.embedding = embedding
        self.embeddingEncoding = embeddingEncoding
        self.embeddingBatchSize = embeddingBatchSize
        self.embeddingDimension = embeddingDimension
        self.timeouts = timeouts
        self.retry = retry
        self.maxConcurrent = maxConcurrent
    }
}

extension ProviderConfiguration: CustomStringConvertible {
    /// Safe to log: endpoint descriptions print "[redacted]" in place of keys.
    public var description: String {
        "llm: \(llm.map(String.init(describing:)) ?? "none"); "
            + "embedding: \(embedding.map(String.init(describing:)) ?? "none") "
            + "encoding=\(embeddingEncoding.rawValue) batch=\(embeddingBatchSize) "
            + "dimension=\(embeddingDimension.map(String.init) ?? "any"); "
            + "connect_timeout_ms=\(timeouts.connectMilliseconds) timeout_ms=\(timeouts.totalMilliseconds) "
            + "max_attempts=\(retry.maxAttempts) retry_budget_s=\(retry.retryBudgetSeconds.map { String($0) } ?? "none") "
            + "max_concurrent=\(maxConcurrent)"
    }
}
