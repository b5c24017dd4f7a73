/// The request line and header fields, before routing and body framing.
struct RequestHead: Equatable, Sendable {
    var method: HTTPMethod
    var target: String
    var version: HTTPVersion
    var headers: HTTPHeaders
}
