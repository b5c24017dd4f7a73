import HTTP

extension APIError {
    /// A protocol-level error of the server (bad framing, unknown route, timeouts) as the API's
    /// error document: the `type` api.md gives its status, its `param` (a header name) kept.
    init(_ e: HTTPError) {
        self.init(status: e.status, type: Self.type(of: e.status), message: e.message, param: e.param)
        extraHeaders = e.headers
    }

    /// The `type` of api.md's error document for each status the server answers on its own.
    static func type(of status: HTTPStatus) -> String {
        switch status {
        case .badRequest: "invalid_request"
        case .unauthorized: "unauthorized"
        case .notFound: "not_found"
        case .methodNotAllowed: "method_not_allowed"
        case .requestTimeout: "request_timeout"
        case .conflict: "conflict"
        case .contentTooLarge: "payload_too_large"
        case .uriTooLong: "uri_too_long"
        case .unsupportedMediaType: "unsupported_media_type"
        case .requestHeaderFieldsTooLarge: "headers_too_large"
        case .notImplemented: "not_implemented"
        case .serviceUnavailable: "unavailable"
        case .httpVersionNotSupported: "http_version_not_supported"
        default: status.isServerError ? "internal" : "invalid_request"
        }
    }

    /// The service's `HTTPErrorResponder`: every error answer, the server's own and those thrown
    /// by handlers or body producers, is api.md's JSON document.
    @Sendable public static func response(for error: any Error) -> HTTPResponse {
        from(error).error.response
    }
}
