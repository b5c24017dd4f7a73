/// An item to upsert. `metadata` is JSON text encoded by the Service.
public struct ItemInput: Sendable, Equatable {
    public let extID: String
    public let question: String?
    public let answer: String?
    public let text: String?
    public let metadata: String?

    public init(extID: String, question: String? = nil, answer: String? = nil, text: String? = nil,
                metadata: String? = nil) {
        self.extID = extID
        self.question = question
        self.answer = answer
        self.text = text
        self.metadata = metadata
    }
}
