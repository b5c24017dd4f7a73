/// Either the whole body (sent with Content-Length) or a producer streamed with chunked coding.
public enum HTTPResponseBody: Sendable {
    case bytes([UInt8])
    case stream(@Sendable (any HTTPBodyWriter) throws -> Void)
}
