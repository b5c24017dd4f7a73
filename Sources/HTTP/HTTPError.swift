/// An error the server itself raises (or a handler throws) for a protocol-level failure: the
/// status, a message for humans, the part of the request at fault (`param`, e.g. a header name)
/// and headers the answer must carry (`Allow`). Its body is the application's to render
/// (`HTTPErrorResponder`): this module does not know the API's error document.
public struct HTTPError: Error, Equatable, Sendable {
    public var status: HTTPStatus
    public var message: String
    public var param: String?
    public var headers: [(String, String)]

    public init(status: HTTPStatus, message: String, param: String? = nil, headers: [(String, String)] = []) {
        self.status = status
        self.message = message
        self.param = param
        self.headers = headers
    }

    public static func == (lhs: HTTPError, rhs: HTTPError) -> Bool {
        lhs.status == rhs.status && lhs.message == rhs.message && lhs.param == rhs.param
            && lhs.headers.elementsEqual(rhs.headers) { $0 == $1 }
    }
}
