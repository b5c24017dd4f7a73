/// The first choice's message content, whether it came from the cache, and the token counts the
/// upstream reported (`usage`; nil when it reported none or the cache answered).
public struct ChatResult: Sendable, Equatable {
    public var content: String
    public var cacheHit: Bool
    public var promptTokens: Int?
    public var completionTokens: Int?

    public init(content: String, cacheHit: Bool, promptTokens: Int? = nil, completionTokens: Int? = nil) {
        self.content = content
        self.cacheHit = cacheHit
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
    }
}
