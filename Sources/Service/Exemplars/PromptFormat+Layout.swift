import Providers
import Selection

extension PromptFormat {
    /// The conversation sent to the LLM for `question` after `exemplars` (in the given order): in
    /// `text`, the paper's prompt as one user message (no instruction); in `chat`, the turns of
    /// `ChatPrompt.messages`. The first query and the final generation both use it.
    func messages(exemplars: [PromptExemplar], question: String, instruction: String) -> [ChatMessage] {
        switch self {
        case .chat: ChatPrompt.messages(exemplars: exemplars, question: question, instruction: instruction)
        case .text: [.user(ExemplarPrompt.firstQueryPrompt(exemplars: exemplars, question: question))]
        }
    }

    /// The CoT (or answer) in a reply: in `text`, cut at the next "\nQuestion:" and stripped; in
    /// `chat`, the assistant content stripped.
    func content(fromReply reply: String) -> String {
        switch self {
        case .chat: ChatPrompt.content(fromReply: reply)
        case .text: ExemplarPrompt.cot(fromCompletion: reply)
        }
    }

    /// Stop sequences the layout itself needs: in `text`, the start of the next question.
    var layoutStops: [String] {
        switch self {
        case .chat: []
        case .text: [ExemplarPrompt.stopSequence]
        }
    }
}
