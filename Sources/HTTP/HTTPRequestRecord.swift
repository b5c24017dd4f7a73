/// What the observer learns about each answered request (one log line, metrics).
public struct HTTPRequestRecord: Sendable {
    /// nil when the request head could not be parsed.
    public var method: HTTPMethod?
    /// The matched pattern (never the raw path, so metrics stay low-cardinality); nil if unrouted.
    public var routePattern: String?
    public var status: HTTPStatus
    /// From the first byte of the request to the last byte of the response, in seconds.
    public var duration: Double
    public var requestID: String
    public var requestBodyBytes: Int
    public var responseBytes: Int
}
