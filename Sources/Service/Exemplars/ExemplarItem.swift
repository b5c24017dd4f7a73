import JSON
import Selection

/// What the exemplar route needs of one pool item, cached with the pool matrix.
struct ExemplarItem: Sendable {
    let id: String
    let question: String?
    let answer: String?
    /// The item's metadata members (empty when it has none).
    let metadata: [JSONValue.Member]

    var promptExemplar: PromptExemplar { PromptExemplar(question: question ?? "", answer: answer ?? "") }
}
