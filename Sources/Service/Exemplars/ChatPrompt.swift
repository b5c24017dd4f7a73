import Providers
import Selection

/// The `chat` prompt layout (docs/prompts.md): exemplars as conversation turns. Contents are copied
/// verbatim (no trimming, no added newline), so a pool's text reaches the model byte for byte.
enum ChatPrompt {
    /// The system message when neither the request nor the server names one: asks for the reasoning
    /// and for the exemplars' final-answer form without naming a task.
    static let defaultInstruction =
        "Reason step by step, then end your reply with the final answer in the same form as the example answers."

    /// `[system(instruction)]` unless the instruction is empty, then `user(e.question)`,
    /// `assistant(e.answer)` per exemplar in the given order, then `user(question)`.
    static func messages(exemplars: [PromptExemplar], question: String, instruction: String) -> [ChatMessage] {
        var turns: [ChatMessage] = instruction.isEmpty ? [] : [.system(instruction)]
        turns.reserveCapacity(turns.count + 2 * exemplars.count + 1)
        for e in exemplars {
            turns.append(.user(e.question))
            turns.append(.assistant(e.answer))
        }
        turns.append(.user(question))
        return turns
    }

    /// The CoT (or answer) of a chat reply: the assistant's content, whitespace-stripped at both ends.
    /// A chat reply ends with its turn, so the text layout's cut at "\nQuestion:" is not applied.
    static func content(fromReply reply: String) -> String { ExemplarPrompt.stripped(reply) }
}
