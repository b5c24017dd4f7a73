import Foundation

/// Scores a model's answer against a gold answer for evaluation jobs (docs/evaluations.md). Pure
/// and thread-safe. Every scorer reports the value it compared (nil when it found none), so a
/// result row shows why a pair was counted wrong.
///
/// - `exact`: the answer (or, when the arm has an `answer_pattern`, its capture) and the gold,
///   whitespace-stripped, are equal strings.
/// - `numeric`: the default answer rule (the number after the last "answer is", else the last
///   number; "$" and thousands commas dropped) on the answer (or the arm pattern's capture) and on
///   the gold after its last "####" (GSM8K's `#### 1,234`) when it has one; equal as decimals, so
///   "12.50" matches "12.5" and "-3" matches "-3.0".
/// - `regex`: the scorer's own pattern (one capture group) on both; a gold it does not match is
///   compared whole (stripped).
/// - `contains`: the stripped gold is a non-empty substring of the answer.
public struct AnswerScorer: Sendable {
    public enum Kind: String, Sendable, CaseIterable { case exact, numeric, regex, contains }

    public struct Score: Sendable, Equatable {
        public let value: String?
        public let correct: Bool
    }

    public let kind: Kind
    /// The `regex` scorer's pattern.
    public let pattern: String?
    private let extractor: AnswerExtractor?

    /// `regex` needs `pattern` (one capture group); the others take none. Errors name `parameter`.
    public init(kind: Kind, pattern: String? = nil, parameter: String = "scorer") throws(SelectionError) {
        self.kind = kind
        switch (kind, pattern) {
        case (.regex, let pattern?):
            extractor = try AnswerExtractor(pattern: pattern, parameter: "\(parameter).pattern")
        case (.regex, nil):
            throw SelectionError(.invalidParameter, "the regex scorer needs \(parameter).pattern", parameter: "\(parameter).pattern")
        case (_, nil):
            extractor = nil
        case (_, .some):
            throw SelectionError(.invalidParameter, "only the regex scorer takes a pattern", parameter: "\(parameter).pattern")
        }
        self.pattern = pattern
    }

    /// `answer` is the model's reply as its prompt format reads it; `armExtractor` the arm's
    /// answer rule (its `answer_pattern`, if any, narrows the answer for exact and numeric).
    public func score(answer: String, gold: String, armExtractor: AnswerExtractor = AnswerExtractor()) -> Score {
        let narrowed: String? = armExtractor.pattern == nil ? answer : armExtractor.value(in: answer)
        switch kind {
        case .exact:
            let value = narrowed.map(ExemplarPrompt.stripped)
            return Score(value: value, correct: value == ExemplarPrompt.stripped(gold))
        case .numeric:
            let value = narrowed.flatMap(AnswerExtractor.defaultValue(in:))
            guard let value, let expected = Self.numericGold(gold), let a = Decimal(string: value), let b = Decimal(string: expected) else {
                return Score(value: value, correct: false)
            }
            return Score(value: value, correct: a == b)
        case .regex:
            let value = extractor?.value(in: answer)
            let expected = extractor?.value(in: gold) ?? ExemplarPrompt.stripped(gold)
            return Score(value: value, correct: value != nil && value == expected)
        case .contains:
            let expected = ExemplarPrompt.stripped(gold)
            let found = !expected.isEmpty && answer.contains(expected)
            return Score(value: found ? expected : nil, correct: found)
        }
    }

    /// The gold's number: after its last "####" when it has one (GSM8K), by the default rule.
    public static func numericGold(_ gold: String) -> String? {
        if let marker = gold.range(of: "####", options: .backwards) { return AnswerExtractor.defaultValue(in: String(gold[marker.upperBound...])) }
        return AnswerExtractor.defaultValue(in: gold)
    }
}
