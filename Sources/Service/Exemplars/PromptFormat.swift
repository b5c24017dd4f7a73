/// How the exemplars and the question reach the LLM (docs/prompts.md). The raw value is the API name.
public enum PromptFormat: String, Sendable, CaseIterable {
    /// An optional system instruction, then one user turn per exemplar question and one assistant turn
    /// per exemplar answer, then the question as the last user turn: what chat models follow.
    case chat
    /// The paper's layout (docs/methods/exemplars.md §2) as one user message: for completion-style models
    /// and byte-exact reproduction of the DQ-LoRe prompts.
    case text

    /// Parses an API name; unknown names are a 400 naming `parameter`.
    static func named(_ name: String, parameter: String = "prompt_format") throws(APIError) -> PromptFormat {
        guard let format = PromptFormat(rawValue: name) else {
            let known = allCases.map(\.rawValue).joined(separator: ", ")
            throw APIError.invalid("unknown prompt format \"\(name)\"; one of \(known)", param: parameter, code: "invalid_parameter")
        }
        return format
    }
}
