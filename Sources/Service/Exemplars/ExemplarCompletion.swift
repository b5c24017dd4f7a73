/// One LLM reply of the exemplar route, read by its prompt format: the CoT or answer text, whether
/// the provider cache answered ("hit"/"miss"), and the token counts the upstream reported.
struct ExemplarCompletion: Sendable, Equatable {
    var content: String
    var cache: String
    var promptTokens: Int?
    var completionTokens: Int?
}
