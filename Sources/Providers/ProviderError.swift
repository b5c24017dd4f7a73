/// Why a provider call failed. Messages never contain API keys (see `SecretRedactor`).
public enum ProviderError: Error, Sendable, Equatable {
    /// The endpoint answered with a non-2xx status (after retries, for 429 and 5xx).
    case upstreamStatus(status: Int, message: String)
    /// No connection could be made or kept (after retries).
    case unreachable(message: String)
    /// A 2xx answer that cannot be used: malformed JSON, missing fields, wrong indices or dimensions.
    case invalidResponse(message: String)
    /// The connect or total deadline of an attempt passed.
    case timeout(message: String)
    /// The caller's request cannot be sent as given; `parameter` names the offending field.
    case invalidRequest(parameter: String, message: String)
}
