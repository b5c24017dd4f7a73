/// Exponential backoff with jitter for connection errors, 429 and 5xx; at most `maxAttempts` sends.
public struct RetryPolicy: Sendable, Equatable {
    public var maxAttempts: Int
    /// Backoff before retry n (1-based) is drawn from [base·2^(n-1)/2, base·2^(n-1)], capped.
    public var baseDelaySeconds: Double
    public var maxDelaySeconds: Double
    /// Longest Retry-After honoured; longer values wait this long.
    public var retryAfterCapSeconds: Double

    public init(maxAttempts: Int = 3, baseDelaySeconds: Double = 0.25, maxDelaySeconds: Double = 4,
                retryAfterCapSeconds: Double = 10) {
        self.maxAttempts = maxAttempts
        self.baseDelaySeconds = baseDelaySeconds
        self.maxDelaySeconds = maxDelaySeconds
        self.retryAfterCapSeconds = retryAfterCapSeconds
    }

    public static func isRetryable(status: Int) -> Bool { status == 429 || (500...599).contains(status) }

    /// Seconds to wait before retry `retry` (1 = the first retry). `unit` in [0, 1] is the jitter draw.
    public func backoff(retry: Int, retryAfter: Double?, unit: Double) -> Double {
        if let retryAfter { return min(max(retryAfter, 0), retryAfterCapSeconds) }
        let ceiling = min(baseDelaySeconds * Double(1 << min(max(retry - 1, 0), 30)), maxDelaySeconds)
        return ceiling / 2 + ceiling / 2 * min(max(unit, 0), 1)
    }
}
