import HTTP
import Logging

extension ShortlistService {
    /// Registers an API route: with an API key configured the request must carry it (checked before
    /// the handler reads any body); errors thrown by `handler` are answered with their API error
    /// document, and internal ones are logged with the request id (never sent to the client). Only `/healthz`
    /// bypasses this (it is registered with `router.add` directly). `query` names the query
    /// parameters the route takes: any other, or one given twice, is a 400 naming it.
    func route(_ method: HTTPMethod, _ pattern: String, query: Set<String> = [], bodyLimit: Int? = nil, streamLimit: Int? = nil,
               _ handler: @escaping @Sendable (HTTPRequest) throws -> HTTPResponse) {
        let authenticator = configuration.apiKey.map(BearerAuthenticator.init(apiKey:))
        let queryCheck = QueryParameterCheck(allowed: query)
        router.add(method, pattern, bodyLimit: bodyLimit, streamLimit: streamLimit) { [unowned self] request in
            if let authenticator, !authenticator.isAuthorized(request.headers) { return APIError.unauthorized.response }
            do {
                try queryCheck.validate(request.query)
                return try handler(request)
            } catch {
                let (mapped, isInternal) = APIError.from(error)
                if isInternal {
                    logger.error("internal error", metadata: ["http.request_id": "\(request.requestID)", "http.route": "\(pattern)", "error": "\(error)"])
                }
                return mapped.response
            }
        }
    }
}
