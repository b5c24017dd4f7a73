import PropertyBased
import Testing
import Selection

/// `answer_value`: the default rule (number after the last "answer is", else the last number) and
/// `answer_pattern` (first match, group 1).
@Suite struct AnswerExtractorTests {
    @Test(arguments: [
        ("The answer is 72.", "72"),
        ("So 1,000 + 234 = 1,234.\nThe answer is 1,234.", "1234"),
        ("The answer is 1,234,567 apples.", "1234567"),
        ("It dropped by 5 degrees.\nThe answer is -5.", "-5"),
        ("The answer is 0.25.", "0.25"),
        ("She pays $12.50 per hour.\nThe answer is $1,200.", "1200"),
        ("The answer is -$3.", "-3"),
        ("the ANSWER IS 9 (not 10).", "9"),
        ("The answer is **18**.", "18"),
        ("The final answer is 42", "42"),
        ("first 3, then 4, so 7 in total", "7"),
        ("5-3 = 2", "2"),
        ("from 10-20 items", "20"),
        ("The answer is 3. Then 4 more.", "3"),
        ("The answer is 2. Actually, the answer is 5.", "5"),
        ("The answer is unclear; it is 11 or 12.", "11"),
        ("She bought 1,2345 beads", "2345"),
        ("GSM8K gold: 48 / 2 = 24\n#### 72", "72"),
        ("e\u{301} costs 3 €", "3"),
    ])
    func defaultRule_ReadsTheAnswerNumber(_ text: String, _ value: String) {
        #expect(AnswerExtractor().value(in: text) == value)
    }

    @Test(arguments: ["", "The answer is unknown.", "no digits here", "The answer is -.", "$."])
    func defaultRule_WithoutANumber_IsNil(_ text: String) {
        #expect(AnswerExtractor().value(in: text) == nil)
    }

    @Test func anyInteger_WrittenWithThousandsCommasAndDollar_ReadsBackAsItsDigits() async {
        await propertyCheck(count: 200, input: Gen.int(in: -9_999_999...9_999_999), Gen.bool, Gen.bool) { n, dollar, prose in
            let digits = String(n.magnitude)
            var grouped = ""
            for (i, c) in digits.enumerated() {
                if i > 0, (digits.count - i) % 3 == 0 { grouped.append(",") }
                grouped.append(c)
            }
            let written = (n < 0 ? "-" : "") + (dollar ? "$" : "") + grouped
            let text = prose ? "We add 12 and 7 first.\nThe answer is \(written)." : "Total: 99, then \(written)"
            #expect(AnswerExtractor().value(in: text) == (n < 0 ? "-" : "") + digits)
        }
    }

    @Test func pattern_TakesGroupOneOfTheFirstMatch_Stripped() throws {
        let e = try AnswerExtractor(pattern: "Final: ([^\\n]+)")
        #expect(e.value(in: "Work...\nFinal:  B) 12 \nFinal: C") == "B) 12")
        #expect(e.pattern == "Final: ([^\\n]+)")
    }

    @Test func pattern_WithoutAMatch_OrWithAnUnusedGroup_IsNil() throws {
        #expect(try AnswerExtractor(pattern: "#### (\\d+)").value(in: "The answer is 4.") == nil)
        #expect(try AnswerExtractor(pattern: "x|(y)").value(in: "x") == nil)
    }

    @Test(arguments: [
        ("(", "answer_pattern is not a valid regular expression"),
        ("\\d+", "answer_pattern must have exactly one capture group, it has 0"),
        ("(\\d+)-(\\d+)", "answer_pattern must have exactly one capture group, it has 2"),
    ])
    func pattern_ThatCannotBeUsed_IsAnInvalidParameterNamingTheField(_ pattern: String, _ message: String) {
        #expect(throws: SelectionError(.invalidParameter, message, parameter: "answer_pattern")) { try AnswerExtractor(pattern: pattern) }
    }
}
