import Foundation

/// The value of a model's answer, so that clients and evaluation scorers need not re-parse it
/// (docs/prompts.md). Pure and thread-safe; one instance per pattern.
///
/// Default rule: the first number after the last "answer is" (case-insensitive, as in "The answer
/// is 72."), else the last number of the text, else nil. A number is an optional "-" (not after a
/// letter or digit), an optional "$", digits with optional "," thousands groups (exactly three
/// digits each), an optional "." and fraction digits; its value drops the "$" and the commas
/// ("-$1,200.50" gives "-1200.50"; a sentence's final "." is not a fraction).
/// With a pattern: the first match's capture group 1, whitespace-stripped; nil when nothing
/// matches or the group did not take part.
public struct AnswerExtractor: @unchecked Sendable {  // NSRegularExpression is immutable and thread-safe
    public let pattern: String?
    private let regex: NSRegularExpression?

    /// The default rule.
    public init() {
        pattern = nil
        regex = nil
    }

    /// `pattern` must compile (ICU syntax) and have exactly one capture group; errors name `parameter`.
    public init(pattern: String, parameter: String = "answer_pattern") throws(SelectionError) {
        let compiled: NSRegularExpression
        do { compiled = try NSRegularExpression(pattern: pattern) } catch {
            throw SelectionError(.invalidParameter, "\(parameter) is not a valid regular expression", parameter: parameter)
        }
        guard compiled.numberOfCaptureGroups == 1 else {
            throw SelectionError(.invalidParameter, "\(parameter) must have exactly one capture group, it has \(compiled.numberOfCaptureGroups)",
                                 parameter: parameter)
        }
        self.pattern = pattern
        regex = compiled
    }

    /// The extracted value of `answer`, or nil.
    public func value(in answer: String) -> String? {
        guard let regex else { return Self.defaultValue(in: answer) }
        let whole = NSRange(answer.startIndex..<answer.endIndex, in: answer)
        guard let match = regex.firstMatch(in: answer, range: whole), let range = Range(match.range(at: 1), in: answer) else {
            return nil
        }
        return ExemplarPrompt.stripped(String(answer[range]))
    }

    static let cue = Array("answer is".utf8)

    /// The default rule on UTF-8 bytes (every byte it looks at is ASCII).
    public static func defaultValue(in text: String) -> String? {
        let bytes = Array(text.utf8)
        let numbers = numbers(in: bytes)
        if let cue = lastOccurrence(of: cue, in: bytes), let after = numbers.first(where: { $0.start >= cue + Self.cue.count }) {
            return after.value
        }
        return numbers.last?.value
    }

    /// Every number of `bytes`, in order: where it starts and its value.
    static func numbers(in bytes: [UInt8]) -> [(start: Int, value: String)] {
        var found: [(start: Int, value: String)] = []
        var i = 0
        while i < bytes.count {
            if let (value, end) = number(in: bytes, at: i) {
                found.append((i, value))
                i = end
            } else {
                i += 1
            }
        }
        return found
    }

    /// The number starting exactly at `start` and the index after it, or nil.
    static func number(in b: [UInt8], at start: Int) -> (String, Int)? {
        var i = start
        var value: [UInt8] = []
        if b[i] == UInt8(ascii: "-") {
            if i > 0, isAlphanumeric(b[i - 1]) { return nil }
            value.append(b[i])
            i += 1
        }
        if i < b.count, b[i] == UInt8(ascii: "$") { i += 1 }
        guard i < b.count, isDigit(b[i]) else { return nil }
        while i < b.count, isDigit(b[i]) {
            value.append(b[i])
            i += 1
        }
        // "," + exactly three digits continues the integer part ("1,000"); "3, 4" and "1,2345" do not.
        while i + 3 < b.count, b[i] == UInt8(ascii: ","), isDigit(b[i + 1]), isDigit(b[i + 2]), isDigit(b[i + 3]),
              i + 4 == b.count || !isDigit(b[i + 4]) {
            value += b[(i + 1)...(i + 3)]
            i += 4
        }
        if i + 1 < b.count, b[i] == UInt8(ascii: "."), isDigit(b[i + 1]) {
            value.append(b[i])
            i += 1
            while i < b.count, isDigit(b[i]) {
                value.append(b[i])
                i += 1
            }
        }
        return (String(decoding: value, as: UTF8.self), i)
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    static func isAlphanumeric(_ c: UInt8) -> Bool { isDigit(c) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) }

    /// The start of the last ASCII-case-insensitive occurrence of lowercase `needle`.
    static func lastOccurrence(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in stride(from: haystack.count - needle.count, through: 0, by: -1)
        where zip(haystack[i...], needle).allSatisfy({ ($0.0 >= 0x41 && $0.0 <= 0x5A ? $0.0 | 0x20 : $0.0) == $0.1 }) {
            return i
        }
        return nil
    }
}
