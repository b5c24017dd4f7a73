/// A request body read from the connection as the handler asks for it, so multi-GB uploads never
/// sit in memory. Not thread-safe: a handler reads it on the connection's own thread.
public final class HTTPRequestBody: @unchecked Sendable {
    /// Content-Length if the request declared one.
    public let declaredLength: Int?
    private let source: any BodyByteSource
    /// What `collect()` allows when the handler passes no limit: the route's body limit.
    let defaultLimit: Int

    init(source: any BodyByteSource, declaredLength: Int?, defaultLimit: Int) {
        self.source = source
        self.declaredLength = declaredLength
        self.defaultLimit = defaultLimit
    }

    /// An in-memory body, for tests of handlers.
    public convenience init(bytes: [UInt8]) {
        self.init(
            source: InMemoryBodySource(bytes: bytes), declaredLength: bytes.count,
            defaultLimit: HTTPServerConfiguration.defaultCollectedBodyLimit)
    }

    /// The next bytes of the body (at most `maxBytes`, at least one); nil at the end.
    public func read(upTo maxBytes: Int) throws -> [UInt8]? {
        try source.read(upTo: max(1, maxBytes))
    }

    /// The whole body; throws a 413 `HTTPError` as soon as it is known to exceed `limit`.
    public func collect(limit: Int) throws -> [UInt8] {
        if let declaredLength, declaredLength > limit { throw HTTPError.payloadTooLarge(limit: limit) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(declaredLength ?? 0, limit))
        while let chunk = try source.read(upTo: 256 * 1024) {
            if bytes.count + chunk.count > limit { throw HTTPError.payloadTooLarge(limit: limit) }
            bytes.append(contentsOf: chunk)
        }
        return bytes
    }

    /// The whole body up to the route's limit.
    public func collect() throws -> [UInt8] {
        try collect(limit: defaultLimit)
    }

    /// Body bytes read so far (for the observer).
    public var bytesRead: Int { source.bytesRead }
    var isComplete: Bool { source.isComplete }
}
