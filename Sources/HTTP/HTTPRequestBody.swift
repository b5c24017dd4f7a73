/// A request body read from the connection as the handler asks for it, so multi-GB uploads never
/// sit in memory. Not thread-safe: a handler reads it on the connection's own thread.
public final class HTTPRequestBody: @unchecked Sendable {
    /// Content-Length if the request declared one.
    public let declaredLength: Int?
    private let source: any BodyByteSource
    /// What `collect()` allows when the handler passes no limit: the route's body limit.
    let defaultLimit: Int
    /// Charged by `collect` (nil: unbounded, for handler tests); given back by `releaseCharge()`.
    private let budget: RequestBodyBudget?
    private var charged = 0

    init(source: any BodyByteSource, declaredLength: Int?, defaultLimit: Int, budget: RequestBodyBudget? = nil) {
        self.source = source
        self.declaredLength = declaredLength
        self.defaultLimit = defaultLimit
        self.budget = budget
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
    /// Over the server's body budget it waits briefly, then throws a 503 with `Retry-After`.
    public func collect(limit: Int) throws -> [UInt8] {
        if let declaredLength, declaredLength > limit { throw HTTPError.payloadTooLarge(limit: limit) }
        if let declaredLength { try charge(declaredLength) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(declaredLength ?? 0, limit))
        while let chunk = try source.read(upTo: 256 * 1024) {
            if bytes.count + chunk.count > limit { throw HTTPError.payloadTooLarge(limit: limit) }
            // A chunked body's length is known only as it arrives: charged piece by piece.
            if declaredLength == nil { try charge(chunk.count) }
            bytes.append(contentsOf: chunk)
        }
        return bytes
    }

    private func charge(_ bodyBytes: Int) throws {
        guard let budget, bodyBytes > 0 else { return }
        let amount = RequestBodyBudget.charge(forBodyBytes: bodyBytes)
        guard charged + amount <= budget.limit else {
            throw HTTPError(status: .contentTooLarge, message: "request body needs more than the server's body memory budget of \(budget.limit) bytes")
        }
        guard budget.reserve(amount) else {
            throw HTTPError(status: .serviceUnavailable, message: "the server is holding as many request bodies as its memory budget allows; retry shortly",
                            headers: [("Retry-After", "1")])
        }
        charged += amount
    }

    /// Gives this body's charge back to the budget (the server calls it once the handler returned).
    func releaseCharge() {
        budget?.release(charged)
        charged = 0
    }

    /// The whole body up to the route's limit.
    public func collect() throws -> [UInt8] {
        try collect(limit: defaultLimit)
    }

    /// Body bytes read so far (for the observer).
    public var bytesRead: Int { source.bytesRead }
    var isComplete: Bool { source.isComplete }
}
