extension ChatRequest {
    /// How the first (chain-of-thought) query samples: exemplars.md §2 asks for T = 0 and 300
    /// tokens; `shortlist serve --llm-temperature / --llm-max-tokens` change them.
    public struct FirstQuery: Sendable, Equatable {
        public var temperature: Double
        public var maxTokens: Int

        public init(temperature: Double = 0, maxTokens: Int = 300) {
            self.temperature = temperature
            self.maxTokens = maxTokens
        }
    }
}
