/// The exact text formats of docs/methods/exemplars.md §2 (checked byte for byte by
/// fixtures/exemplars/prompt_format.json). Pure functions; all cutting is done on UTF-8 bytes at
/// ASCII boundaries, so no Unicode normalisation or grapheme merging (`\r\n`) can change a byte.
public enum ExemplarPrompt {
    static let cue = "A: Let's think step by step."
    /// The stop sequence of the text layout: where a completion starts the next question.
    public static let stopSequence = "\nQuestion:"
    static let stop = Array(stopSequence.utf8)
    /// The whitespace `cot` strips at both ends: space, tab, line feed, carriage return.
    static let strippable: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]

    /// `"Question: " + question + "\n" + "A: Let's think step by step.\n" + answer + "\n"`.
    public static func block(_ e: PromptExemplar) -> String {
        "Question: " + e.question + "\n" + cue + "\n" + e.answer + "\n"
    }

    /// The blocks of `exemplars` (each followed by a blank line), then the test question and the cue.
    public static func firstQueryPrompt(exemplars: [PromptExemplar], question: String) -> String {
        exemplars.map { block($0) + "\n" }.joined() + "Question: " + question + "\n" + cue
    }

    /// The final prompt has the first query's layout, with the selected exemplars best first.
    public static func finalPrompt(exemplars: [PromptExemplar], question: String) -> String {
        firstQueryPrompt(exemplars: exemplars, question: question)
    }

    /// The CoT of a first-query completion: cut at the first `"\nQuestion:"`, then stripped.
    public static func cot(fromCompletion completion: String) -> String {
        let bytes = Array(completion.utf8)
        return stripped(bytes[..<(firstOccurrence(of: stop, in: bytes) ?? bytes.count)])
    }

    /// `text` without leading and trailing spaces, tabs, line feeds and carriage returns.
    public static func stripped(_ text: String) -> String { stripped(Array(text.utf8)[...]) }

    /// `bytes` without leading and trailing `strippable` whitespace, as a string.
    static func stripped(_ bytes: ArraySlice<UInt8>) -> String {
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, strippable.contains(bytes[start]) { start += 1 }
        while end > start, strippable.contains(bytes[end - 1]) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The text embedded for the second query: `question + "\n" + cot`.
    public static func secondQueryText(question: String, cot: String) -> String {
        question + "\n" + cot
    }

    /// How a pool entry is embedded (template `"{question}\n{answer}"`).
    public static func poolText(_ e: PromptExemplar) -> String {
        e.question + "\n" + e.answer
    }

    static func firstOccurrence(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
        }
        return nil
    }
}
