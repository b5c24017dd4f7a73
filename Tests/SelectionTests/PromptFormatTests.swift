import Testing
import Selection

@Suite struct PromptFormatTests {
    let fixture: ExemplarFixture
    init() throws { fixture = try ExemplarFixture.load("prompt_format") }

    private func exemplars(_ key: String) -> [PromptExemplar] {
        (fixture.json[key]?.array ?? []).map {
            PromptExemplar(question: $0["question"]?.string ?? "", answer: $0["answer"]?.string ?? "")
        }
    }
    private var question: String { fixture.json["question"]?.string ?? "" }
    private func expected(_ key: String) -> String? { fixture.expected[key]?.string }

    @Test func firstQueryPrompt_MatchesFixture_ByteForByte() {
        let got = ExemplarPrompt.firstQueryPrompt(exemplars: exemplars("initial_exemplars"), question: question)
        #expect(Array(got.utf8) == Array((expected("first_query_prompt") ?? "-").utf8))
    }

    @Test func cot_IsCutAtNextQuestion_AndStripped_AsInFixture() {
        let got = ExemplarPrompt.cot(fromCompletion: fixture.json["completion"]?.string ?? "")
        #expect(Array(got.utf8) == Array((expected("cot") ?? "-").utf8))
    }

    @Test func secondQueryText_MatchesFixture_ByteForByte() {
        let cot = ExemplarPrompt.cot(fromCompletion: fixture.json["completion"]?.string ?? "")
        let got = ExemplarPrompt.secondQueryText(question: question, cot: cot)
        #expect(Array(got.utf8) == Array((expected("second_query_text") ?? "-").utf8))
    }

    @Test func finalPrompt_MatchesFixture_ByteForByte() {
        let got = ExemplarPrompt.finalPrompt(exemplars: exemplars("selected_exemplars"), question: question)
        #expect(Array(got.utf8) == Array((expected("final_prompt") ?? "-").utf8))
    }

    @Test func firstQueryPrompt_WithoutExemplars_IsJustTheQuestionPart() {
        #expect(ExemplarPrompt.firstQueryPrompt(exemplars: [], question: "Q?") == "Question: Q?\nA: Let's think step by step.")
    }

    @Test func poolText_JoinsQuestionAndAnswer_WithOneNewline() {
        #expect(ExemplarPrompt.poolText(PromptExemplar(question: "q", answer: "a\nb")) == "q\na\nb")
    }

    @Test func cot_WithoutStopSequence_IsTheWholeCompletionStripped() {
        #expect(ExemplarPrompt.cot(fromCompletion: " \t\r\nIt is 3.\n\n") == "It is 3.")
    }

    @Test func cot_KeepsCarriageReturnLineFeedInside_AndCutsOnlyAtNewlineQuestion() {
        #expect(ExemplarPrompt.cot(fromCompletion: "a\r\nb Question: c\nQuestion: d") == "a\r\nb Question: c")
    }

    @Test func cot_OfOnlyWhitespace_IsEmpty() {
        #expect(ExemplarPrompt.cot(fromCompletion: "\n \n") == "")
        #expect(ExemplarPrompt.cot(fromCompletion: "\nQuestion: x") == "")
    }

    @Test func cot_PreservesNonASCIIBytes() {
        let text = "e\u{301} = 1 ✓"
        #expect(Array(ExemplarPrompt.cot(fromCompletion: "  " + text + "\n").utf8) == Array(text.utf8))
    }
}
