extension ProviderError: CustomStringConvertible {
    /// The status the Service answers with: 504 for timeouts, 400 for bad requests, 502 otherwise.
    public var httpStatus: Int {
        switch self {
        case .timeout: 504
        case .invalidRequest: 400
        case .upstreamStatus, .unreachable, .invalidResponse: 502
        }
    }

    /// The API's coarse error type for `httpStatus`.
    public var errorType: String {
        switch self {
        case .timeout: "upstream_timeout"
        case .invalidRequest: "invalid_request"
        case .upstreamStatus, .unreachable, .invalidResponse: "upstream_error"
        }
    }

    /// The status the endpoint returned, when it returned one (the API's `upstream_status`).
    public var upstreamStatus: Int? {
        switch self {
        case .upstreamStatus(let status, _): status
        case .invalidResponse: 200
        case .unreachable, .timeout, .invalidRequest: nil
        }
    }

    public var message: String {
        switch self {
        case .upstreamStatus(let status, let message): "upstream returned \(status): \(message)"
        case .unreachable(let message): "upstream unreachable: \(message)"
        case .invalidResponse(let message): "invalid upstream response: \(message)"
        case .timeout(let message): "upstream timed out: \(message)"
        case .invalidRequest(let parameter, let message): "\(parameter): \(message)"
        }
    }

    public var description: String { message }
}
