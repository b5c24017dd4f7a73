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

    /// The matching items of F (`allowed`, `nil` for the whole pool) by (score desc, pool index asc).
    public func ranking(allowed: [Int]?) -> LexicalRanking {
        var matched: [(index: Int, score: Double)] = []
        if let allowed {
            let members = Set(allowed)
            matched = scoreByIndex.filter { members.contains($0.key) }.map { (index: $0.key, score: $0.value) }
        } else {
            matched = scoreByIndex.map { (index: $0.key, score: $0.value) }
        }
        matched.sort { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
        return LexicalRanking(queryTokens: queryTokens, indices: matched.map(\.index), scores: matched.map(\.score))
    }
}
