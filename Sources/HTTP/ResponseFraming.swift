/// How a response body is delimited on the wire.
enum ResponseFraming: Equatable {
    case length(Int)
    case chunked
    /// HTTP/1.0 clients cannot read chunked coding: the body ends when the connection closes.
    case untilClose
    /// 1xx, 204 and 304 carry no body and no length (RFC 9110 §6.4.1).
    case noBody

}
