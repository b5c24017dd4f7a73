import Testing
@testable import Selection

/// The evaluation scorers: GSM8K's `#### N` gold, thousands commas, negatives, decimals, and the
/// value each scorer reports.
@Suite struct AnswerScorerTests {
    static let numeric = try! AnswerScorer(kind: .numeric)

    @Test(arguments: [
        ("She has 3 + 4 = 7.\nThe answer is 1,234.", "Natalia sold 48/2 = 24 clips.\n#### 1,234", "1234", true),
        ("The answer is 1234.", "#### 1,234", "1234", true),
        ("It fell by 5.\nThe answer is -5.", "#### -5", "-5", true),
        ("The answer is 12.50.", "12.5", "12.50", true),
        ("The answer is $3.", "#### 3.0", "3", true),
        ("First 18, then 20.", "#### 20", "20", true),
        ("The answer is 72.", "#### 27", "72", false),
        ("The answer is 5.", "-5", "5", false),
        ("I do not know.", "#### 4", nil, false),
    ] as [(String, String, String?, Bool)])
    func numeric_ComparesTheNumbersAsDecimals_ReadingGSM8KGold(_ answer: String, _ gold: String, _ value: String?, _ correct: Bool) {
        #expect(Self.numeric.score(answer: answer, gold: gold) == AnswerScorer.Score(value: value, correct: correct))
    }

    @Test func numericGold_TakesTheNumberAfterTheLastMarker_CommasRemoved() {
        #expect(AnswerScorer.numericGold("a #### 3\nb #### 1,234,567") == "1234567")
        #expect(AnswerScorer.numericGold(" 42 ") == "42")
        #expect(AnswerScorer.numericGold("#### none") == nil)
    }

    @Test func numeric_WithAnArmPattern_ReadsOnlyItsCapture() throws {
        let arm = try AnswerExtractor(pattern: "Final: (.*)")
        #expect(Self.numeric.score(answer: "The answer is 3.\nFinal: 4", gold: "4", armExtractor: arm) == .init(value: "4", correct: true))
        #expect(Self.numeric.score(answer: "The answer is 4.", gold: "4", armExtractor: arm) == .init(value: nil, correct: false))
    }

    @Test func exact_ComparesStrippedStrings() throws {
        let exact = try AnswerScorer(kind: .exact)
        #expect(exact.score(answer: "  Paris\n", gold: "Paris ") == .init(value: "Paris", correct: true))
        #expect(exact.score(answer: "paris", gold: "Paris") == .init(value: "paris", correct: false))
    }

    @Test func regex_AppliesThePatternToBoth_AndComparesAPlainGoldWhole() throws {
        let regex = try AnswerScorer(kind: .regex, pattern: "\\(([A-E])\\)")
        #expect(regex.score(answer: "So the choice is (B).", gold: "(B)") == .init(value: "B", correct: true))
        #expect(regex.score(answer: "So the choice is (B).", gold: "B") == .init(value: "B", correct: true))
        #expect(regex.score(answer: "No choice.", gold: "B") == .init(value: nil, correct: false))
    }

    @Test func contains_FindsTheStrippedGold_AndNeverAnEmptyOne() throws {
        let contains = try AnswerScorer(kind: .contains)
        #expect(contains.score(answer: "It is Mount Everest.", gold: " Mount Everest") == .init(value: "Mount Everest", correct: true))
        #expect(contains.score(answer: "It is K2.", gold: "Everest") == .init(value: nil, correct: false))
        #expect(contains.score(answer: "anything", gold: "  ") == .init(value: nil, correct: false))
    }

    @Test func init_RefusesARegexWithoutPattern_AndAPatternElsewhere_NamingTheField() {
        #expect(throws: SelectionError(.invalidParameter, "the regex scorer needs scorer.pattern", parameter: "scorer.pattern")) {
            try AnswerScorer(kind: .regex)
        }
        #expect(throws: SelectionError.self) { try AnswerScorer(kind: .exact, pattern: "(x)") }
        #expect(throws: SelectionError.self) { try AnswerScorer(kind: .regex, pattern: "no group") }
    }
}
