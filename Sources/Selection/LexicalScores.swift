/// The bm25 scores of one question against a pool's items (docs/methods/exemplars-lexical.md §2), as
/// the service's FTS5 index computes them: the question's tokens and `-bm25` of every matching
/// item, by pool index. Items not listed score 0.
public struct LexicalScores: Sendable, Equatable {
    /// The distinct tokens of the question, in order of first occurrence (the index's tokenizer).
    public var queryTokens: [String]
    /// Pool index -> score (> 0) of every item the OR query matched.
    public var scoreByIndex: [Int: Double]

    public init(queryTokens: [String], scoreByIndex: [Int: Double]) {
        self.queryTokens = queryTokens
        self.scoreByIndex = scoreByIndex
    }

    /// A question without tokens: no MATCH runs, every item scores 0.
    public static let noTokens = LexicalScores(queryTokens: [], scoreByIndex: [:])

    /// The first `depth` matching items of F (`allowed`, `nil` for the whole pool) by (score desc,
    /// pool index asc), and how many match. A total order, so the result does not depend on the
    /// dictionary's order. A small `depth` (k, or hybrid's m) keeps a sorted buffer of the best
    /// instead of sorting thousands of matches of which the methods read a few.
    public func ranking(allowed: [Int]?, depth: Int = .max) -> LexicalRanking {
        let members = allowed.map(Set.init)
        var best: [(index: Int, score: Double)] = []
        var matched = 0
        let bounded = depth < scoreByIndex.count
        for (index, score) in scoreByIndex {
            if let members, !members.contains(index) { continue }
            matched += 1
            let item = (index: index, score: score)
            guard bounded else {
                best.append(item)
                continue
            }
            if best.count == depth {
                guard depth > 0, Self.precedes(item, best[depth - 1]) else { continue }
                best.removeLast()
            }
            var lo = 0, hi = best.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if Self.precedes(best[mid], item) { lo = mid + 1 } else { hi = mid }
            }
            best.insert(item, at: lo)
        }
        if !bounded { best.sort(by: Self.precedes) }
        return LexicalRanking(queryTokens: queryTokens, indices: best.map(\.index), scores: best.map(\.score), matchedCount: matched)
    }

    /// Higher score first, then the lower pool index.
    static func precedes(_ a: (index: Int, score: Double), _ b: (index: Int, score: Double)) -> Bool {
        a.score != b.score ? a.score > b.score : a.index < b.index
    }
}
