import HTTP
import Providers

extension APIError {
    /// A provider failure as the API's 502 `upstream_error` (with `upstream_status` when the
    /// endpoint answered) or 504 `upstream_timeout`. `what` says which call failed ("LLM",
    /// "embedder"); messages are already free of API keys (Providers' SecretRedactor).
    init(_ e: ProviderError, what: String, param: String? = nil) {
        switch e {
        case .invalidRequest:
            self.init(status: 400, type: "invalid_request", message: "\(what): \(e.message)", param: param)
        default:
            self.init(status: HTTPStatus(e.httpStatus), type: e.errorType, message: "\(what) call failed: \(e.message)",
                      upstreamStatus: e.httpStatus == 502 ? e.upstreamStatus : nil)
        }
    }

    /// Any error an embedder or chat client threw, as the API error it answers with.
    static func provider(_ error: any Error, what: String) -> any Error {
        if let e = error as? ProviderError { return APIError(e, what: what) }
        return error
    }
}
