/// Server-wide defaults of the LLM side of `POST /v1/exemplars` (`shortlist serve` flags); a request
/// overrides each one.
public struct GenerationDefaults: Sendable, Equatable {
    public var promptFormat: PromptFormat = .chat
    /// The `chat` layout's system message; "" sends none.
    public var instruction = ChatPrompt.defaultInstruction
    public var temperature: Double = 0
    /// Cap of the final answer.
    public var maxTokens = 300
    /// Cap of the first (CoT) query (the paper's 300).
    public var cotMaxTokens = 300

    public init() {}

    /// The largest `max_tokens` a request or the server may ask for.
    public static let maxTokensLimit = 32_768

    func validate() throws {
        guard temperature.isFinite, (0...2).contains(temperature) else {
            throw ConfigurationError("LLM temperature must be in 0...2, got \(temperature)")
        }
        for (name, value) in [("max tokens", maxTokens), ("CoT max tokens", cotMaxTokens)] where !(1...Self.maxTokensLimit).contains(value) {
            throw ConfigurationError("LLM \(name) must be in 1...\(Self.maxTokensLimit), got \(value)")
        }
    }
}
