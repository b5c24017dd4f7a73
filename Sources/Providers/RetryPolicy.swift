/// Exponential backoff with jitter for connection errors, 429 and 5xx; at most `maxAttempts` sends.
public struct RetryPolicy: Sendable, Equatable {
    public var maxAttempts: Int
    /// Backoff before retry n (1-based) is drawn from [base·2^(n-1)/2, base·2^(n-1)], capped.
    public var baseDelaySeconds: Double
    public var maxDelaySeconds: Double
    /// Longest Retry-After honoured; longer values wait this long.
    public var retryAfterCapSeconds: Double
    /// No retry starts once this much time has passed since the first attempt (nil: no limit), so
    /// slow failing upstreams cannot hold a request for three full timeouts.
    public var retryBudgetSeconds: Double?

    public init(maxAttempts: Int = 3, baseDelaySeconds: Double = 0.25, maxDelaySeconds: Double = 4,
                retryAfterCapSeconds: Double = 10, retryBudgetSeconds: Double? = nil) {
        self.maxAttempts = maxAttempts
        self.retryBudgetSeconds = retryBudgetSeconds
        self.baseDelaySeconds = baseDelaySeconds
        self.maxDelaySeconds = maxDelaySeconds
        self.retryAfterCapSeconds = retryAfterCapSeconds
    }

    /// Whether another attempt may start after `elapsed` seconds plus a wait of `delay`.
    public func mayRetry(attempt: Int, elapsed: Double, delay: Double) -> Bool {
        guard attempt < maxAttempts else { return false }
        guard let retryBudgetSeconds else { return true }
        return elapsed + delay <= retryBudgetSeconds
    }

    public static func isRetryable(status: Int) -> Bool { status == 429 || (500...599).contains(status) }

    /// Seconds to wait before retry `retry` (1 = the first retry). `unit` in [0, 1] is the jitter draw.
    public func backoff(retry: Int, retryAfter: Double?, unit: Double) -> Double {
        if let retryAfter { return min(max(retryAfter, 0), retryAfterCapSeconds) }
        let ceiling = min(baseDelaySeconds * Double(1 << min(max(retry - 1, 0), 30)), maxDelaySeconds)
        return ceiling / 2 + ceiling / 2 * min(max(unit, 0), 1)
    }
}
