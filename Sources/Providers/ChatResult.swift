/// The first choice's message content, and whether it came from the cache.
public struct ChatResult: Sendable, Equatable {
    public var content: String
    public var cacheHit: Bool

    public init(content: String, cacheHit: Bool) {
        self.content = content
        self.cacheHit = cacheHit
    }
}
