/// Per-attempt deadlines handed to curl.
public struct ProviderTimeouts: Sendable, Equatable {
    /// CURLOPT_CONNECTTIMEOUT_MS.
    public var connectMilliseconds: Int
    /// CURLOPT_TIMEOUT_MS: the whole transfer of one attempt.
    public var totalMilliseconds: Int

    public init(connectMilliseconds: Int = 5_000, totalMilliseconds: Int = 60_000) {
        self.connectMilliseconds = connectMilliseconds
        self.totalMilliseconds = totalMilliseconds
    }
}
