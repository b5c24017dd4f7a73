import Selection

/// A parsed `POST /v1/exemplars` body (docs/api.md), every default filled in.
struct ExemplarRequest: Sendable {
    var pool: String
    var question: String
    var options: ExemplarOptions
    var feature: String?
    var checkpoint: String?
    var dualQuery = true
    var initialIDs: [String]?
    var initialK = 4
    var cot: String?
    var queryVector: [Float]?
    var filter: MetadataFilter
    var excludeIDs: [String] = []
    var includePrompt = false
    var generate = false
    /// Layout of the first query and the final prompt.
    var promptFormat: PromptFormat = .chat
    /// The `chat` layout's system message; "" sends none.
    var instruction = ChatPrompt.defaultInstruction
    var generation = GenerationSettings(GenerationDefaults())
    /// How `answer_value` is read from the answer (`answer_pattern`, else the default rule).
    var answerExtractor = AnswerExtractor()
}
