/// One worked example as the prompt formats see it: a question and its worked solution (CoT),
/// which should end with the answer sentence, e.g. `The answer is 72.`
public struct PromptExemplar: Sendable, Equatable {
    public var question: String
    public var answer: String

    public init(question: String, answer: String) {
        self.question = question
        self.answer = answer
    }
}
