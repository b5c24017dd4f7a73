/// What a handler returns. Framing headers (Content-Length, Transfer-Encoding, Connection) are
/// owned by the server and any set here are replaced.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: HTTPResponseBody

    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: HTTPResponseBody = .bytes([])) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func json(_ status: Int, _ bytes: [UInt8]) -> HTTPResponse {
        HTTPResponse(status: status, headers: HTTPHeaders([("Content-Type", "application/json")]), body: .bytes(bytes))
    }

    public static func text(
        _ status: Int, _ s: String, contentType: String = "text/plain; charset=utf-8"
    ) -> HTTPResponse {
        HTTPResponse(status: status, headers: HTTPHeaders([("Content-Type", contentType)]), body: .bytes(Array(s.utf8)))
    }

    public static func empty(_ status: Int) -> HTTPResponse {
        HTTPResponse(status: status)
    }

    /// A chunked response whose body `produce` writes incrementally (large exports).
    public static func stream(
        _ status: Int, contentType: String, _ produce: @escaping @Sendable (any HTTPBodyWriter) throws -> Void
    ) -> HTTPResponse {
        HTTPResponse(status: status, headers: HTTPHeaders([("Content-Type", contentType)]), body: .stream(produce))
    }

    /// The answer for any thrown error: its own mapping, or a bare 500 that reveals nothing.
    public static func error(_ error: any Error) -> HTTPResponse {
        guard let convertible = error as? any HTTPErrorConvertible else {
            return .error(HTTPError.internalError)
        }
        var response = HTTPResponse.json(convertible.httpStatus, convertible.httpErrorBody)
        for (name, value) in convertible.httpHeaders { response.headers.set(name, value) }
        return response
    }
}
