/// The stored content of a selected item, read when a result is exported with its items
/// (`include=items`): what the item holds now, not when the job ran.
public struct SelectedItemContent: Sendable, Equatable {
    public let question: String?
    public let answer: String?
    public let text: String?
    /// The stored metadata JSON text; nil when the item has none.
    public let metadata: String?

    public init(question: String?, answer: String?, text: String?, metadata: String?) {
        self.question = question
        self.answer = answer
        self.text = text
        self.metadata = metadata
    }
}
