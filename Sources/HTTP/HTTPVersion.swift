/// The protocol version from a request line. Only 1.0 and 1.1 are served; anything else well-formed
/// is answered with 505 by the parser.
public enum HTTPVersion: String, Sendable, Equatable {
    case http1_0 = "HTTP/1.0"
    case http1_1 = "HTTP/1.1"
}
