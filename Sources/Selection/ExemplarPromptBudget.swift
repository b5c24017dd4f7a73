import JSON

/// `max_prompt_bytes` (docs/methods/exemplars-lexical.md §5): keeps the final text prompt within a UTF-8
/// byte budget by walking the method's exemplars best first and skipping (not stopping at) any
/// that no longer fits, so one long exemplar does not throw away shorter ones after it. The
/// result is a subsequence of the method's answer; nothing the method did not choose is added.
public enum ExemplarPromptBudget {
    /// `"Question: " + x + "\n" + "A: Let's think step by step."`: 39 bytes plus the question.
    public static func baseBytes(question: String) -> Int { 39 + question.utf8.count }

    /// One block plus its blank line: 42 bytes plus the question and the answer.
    public static func cost(_ e: PromptExemplar) -> Int { 42 + e.question.utf8.count + e.answer.utf8.count }

    /// A budget below the question part alone is `invalid_budget` (checked before any work, so
    /// that a request cannot fail after its LLM call for it).
    public static func check(question: String, maxBytes: Int?) throws {
        let base = baseBytes(question: question)
        if let maxBytes, base > maxBytes {
            throw SelectionError(
                .invalidBudget, "max_prompt_bytes = \(maxBytes) is below the \(base) bytes of the question part alone",
                parameter: "max_prompt_bytes")
        }
    }

    /// Applies the budget `options.maxPromptBytes` (none: everything is kept) to `result` and
    /// sets its `promptBytes`, `ranks` and `skipped`; `exemplar` gives the texts of a pool index.
    /// A budget below the question part alone is `invalid_budget`.
    public static func apply(
        _ result: inout ExemplarResult, question: String, maxBytes: Int?, exemplar: (Int) -> PromptExemplar
    ) throws {
        try check(question: question, maxBytes: maxBytes)
        var total = baseBytes(question: question)
        var kept: [Int] = [], skipped: [Int] = []
        for (r, p) in result.order.enumerated() {
            let c = cost(exemplar(p))
            if let maxBytes, total + c > maxBytes {
                skipped.append(r)
            } else {
                total += c
                kept.append(r)
            }
        }
        result.promptBytes = total
        guard !skipped.isEmpty else { return }
        let requested = result.order.count
        let skippedRanks = skipped.map { String(result.ranks[$0]) }.joined(separator: ", ")
        result.skipped = skipped.map { result.order[$0] }
        result.order = kept.map { result.order[$0] }
        result.scores = result.scores.map { s in kept.map { s[$0] } }
        result.positions = result.positions.map { p in kept.map { p[$0] } }
        result.ranks = kept.map { result.ranks[$0] }
        result.diagnostics = result.diagnostics.map { keptOnly($0, kept: kept) }
        result.warnings.append("max_prompt_bytes: skipped \(skipped.count) of \(requested) exemplars (ranks \(skippedRanks))")
    }

    /// `hybrid`'s `dense_rank` and `bm25_rank` are aligned with the answer, so they follow it.
    static func keptOnly(_ member: JSONValue.Member, kept: [Int]) -> JSONValue.Member {
        guard member.key == "hybrid", case let .object(fields) = member.value else { return member }
        return .init(member.key, .object(fields.map { f in
            guard ["dense_rank", "bm25_rank"].contains(f.key), let values = f.value.arrayValue else { return f }
            return .init(f.key, .array(kept.map { values[$0] }))
        }))
    }
}
