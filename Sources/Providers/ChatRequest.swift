import JSON

/// What to ask the LLM. Defaults follow exemplars.md §2 for the first query (T = 0, 300 tokens).
public struct ChatRequest: Sendable, Equatable {
    public var messages: [ChatMessage]
    public var temperature: Double
    public var maxTokens: Int?
    public var seed: Int?
    public var stop: [String]

    public init(messages: [ChatMessage], temperature: Double = 0, maxTokens: Int? = 300, seed: Int? = nil,
                stop: [String] = []) {
        self.messages = messages
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.seed = seed
        self.stop = stop
    }

    /// The request body for `model`; also the basis of the cache key.
    func body(model: String) -> JSONValue {
        var members: [JSONValue.Member] = [
            JSONValue.Member("model", .string(model)),
            JSONValue.Member("messages", .array(messages.map { .object(["role": .string($0.role), "content": .string($0.content)]) })),
            JSONValue.Member("temperature", .double(temperature)),
            JSONValue.Member("stream", .bool(false)),
        ]
        if let maxTokens { members.append(JSONValue.Member("max_tokens", .int(maxTokens))) }
        if let seed { members.append(JSONValue.Member("seed", .int(seed))) }
        if !stop.isEmpty { members.append(JSONValue.Member("stop", .array(stop.map { .string($0) }))) }
        // Sent as canonical text (sorted keys), so the order here does not reach the wire.
        return .object(members)
    }

    func validate() throws(ProviderError) {
        if messages.isEmpty { throw .invalidRequest(parameter: "messages", message: "at least one message is required") }
        if !temperature.isFinite || temperature < 0 || temperature > 2 {
            throw .invalidRequest(parameter: "temperature", message: "must be between 0 and 2")
        }
        if let maxTokens, maxTokens < 1 { throw .invalidRequest(parameter: "max_tokens", message: "must be at least 1") }
        // OpenAI accepts at most 4 stop sequences.
        if stop.count > 4 { throw .invalidRequest(parameter: "stop", message: "at most 4 stop sequences") }
    }
}
