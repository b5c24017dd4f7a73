import JSON
import Providers
import Selection
import Testing
@testable import Service

/// The prompt layouts as pure functions against Tests/Fixtures/exemplars/chat_format.json, byte
/// for byte (ExemplarPromptFormatTests checks the same through the route and the stub LLM).
@Suite struct ChatPromptTests {
    let fixture: JSONValue
    init() throws { fixture = try ExemplarFixtureTests.fixture("chat_format") }

    private func exemplars(_ key: String) -> [PromptExemplar] {
        (fixture[key]?.arrayValue ?? []).map { PromptExemplar(question: $0["question"]?.stringValue ?? "", answer: $0["answer"]?.stringValue ?? "") }
    }
    private var question: String { fixture["question"]?.stringValue ?? "" }
    private var instruction: String { fixture["instruction"]?.stringValue ?? "" }
    private var reply: String { fixture["reply"]?.stringValue ?? "" }
    private func expected(_ key: String) -> [[[UInt8]]] { ExemplarPromptFormatTests.bytes(fixture["expected"]?[key]) }
    private func expectedText(_ key: String) -> [UInt8] { Array((fixture["expected"]?[key]?.stringValue ?? "-").utf8) }

    /// Roles and contents as UTF-8 bytes, so no Unicode equivalence can hide a difference.
    private func bytes(_ turns: [ChatMessage]) -> [[[UInt8]]] { turns.map { [Array($0.role.utf8), Array($0.content.utf8)] } }

    @Test func firstQueryMessages_MatchTheFixture_ByteForByte() {
        let got = PromptFormat.chat.messages(exemplars: exemplars("initial_exemplars"), question: question, instruction: instruction)
        #expect(!got.isEmpty && bytes(got) == expected("first_query_messages"))
    }

    @Test func finalMessages_MatchTheFixture_ByteForByte() {
        let got = PromptFormat.chat.messages(exemplars: exemplars("selected_exemplars"), question: question, instruction: instruction)
        #expect(!got.isEmpty && bytes(got) == expected("final_messages"))
    }

    @Test func emptyInstruction_SendsNoSystemMessage() {
        let got = PromptFormat.chat.messages(exemplars: exemplars("selected_exemplars"), question: question, instruction: "")
        #expect(bytes(got) == expected("final_messages_without_instruction") && got.first?.role == "user")
    }

    @Test func textFormat_IsTheSpecPromptAsOneUserMessage_AndIgnoresTheInstruction() {
        let got = PromptFormat.text.messages(exemplars: exemplars("selected_exemplars"), question: question, instruction: instruction)
        #expect(bytes(got) == expected("text_final_messages"))
        #expect(got == [.user(ExemplarPrompt.finalPrompt(exemplars: exemplars("selected_exemplars"), question: question))])
    }

    @Test func chatReply_IsStrippedOnly_NotCutAtQuestion_AndGivesTheFixturesSecondQueryText() {
        let cot = PromptFormat.chat.content(fromReply: reply)
        #expect(Array(cot.utf8) == expectedText("cot") && cot.contains("\nQuestion:"))
        #expect(!PromptFormat.text.content(fromReply: reply).contains("Question:"))
        #expect(Array(ExemplarPrompt.secondQueryText(question: question, cot: cot).utf8) == expectedText("second_query_text"))
        #expect(AnswerExtractor().value(in: cot) == fixture["expected"]?["answer_value"]?.stringValue)
    }

    @Test func withoutExemplars_TheChatLayoutIsInstructionAndQuestion() {
        #expect(PromptFormat.chat.messages(exemplars: [], question: "Q?", instruction: "Be brief.") == [.system("Be brief."), .user("Q?")])
    }

    @Test func layoutStops_TextStopsAtTheNextQuestion_ChatAtNothing() {
        #expect(PromptFormat.text.layoutStops == ["\nQuestion:"] && PromptFormat.chat.layoutStops.isEmpty)
    }
}
