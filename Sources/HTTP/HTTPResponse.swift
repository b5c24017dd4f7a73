/// What a handler returns. Framing headers (Content-Length, Transfer-Encoding, Connection) are
/// owned by the server and any set here are replaced.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: HTTPResponseBody

    public init(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), body: HTTPResponseBody = .bytes([])) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func json(_ status: HTTPStatus, _ bytes: [UInt8]) -> HTTPResponse {
        HTTPResponse(status: status, headers: HTTPHeaders([("Content-Type", "application/json")]), body: .bytes(bytes))
    }

    public static func text(
        _ status: HTTPStatus, _ s: String, contentType: String = "text/plain; charset=utf-8"
    ) -> HTTPResponse {
        HTTPResponse(status: status, headers: HTTPHeaders([("Content-Type", contentType)]), body: .bytes(Array(s.utf8)))
    }

    public static func empty(_ status: HTTPStatus) -> HTTPResponse {
        HTTPResponse(status: status)
    }

    /// A chunked response whose body `produce` writes incrementally (large exports).
    public static func stream(
        _ status: HTTPStatus, contentType: String, _ produce: @escaping @Sendable (any HTTPBodyWriter) throws -> Void
    ) -> HTTPResponse {
        HTTPResponse(status: status, headers: HTTPHeaders([("Content-Type", contentType)]), body: .stream(produce))
    }
}
