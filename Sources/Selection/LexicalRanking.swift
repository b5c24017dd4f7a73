import JSON

/// The items of F that match the question's tokens, best bm25 score first (ties to the lower
/// pool index): what `bm25` returns first and what `hybrid` fuses with the dense list.
public struct LexicalRanking: Sendable, Equatable {
    public var queryTokens: [String]
    /// Pool indices, best first: every match, or the first ones a method reads (k, m).
    public var indices: [Int]
    /// Their scores (`-bm25`, > 0), aligned.
    public var scores: [Double]
    /// `n_matched`: the items of F with a score > 0 (at least `indices.count`).
    public var matchedCount: Int

    public init(queryTokens: [String], indices: [Int], scores: [Double], matchedCount: Int? = nil) {
        self.queryTokens = queryTokens
        self.indices = indices
        self.scores = scores
        self.matchedCount = matchedCount ?? indices.count
    }

    /// `diagnostics.bm25`.
    public var diagnostic: JSONValue.Member {
        .init("bm25", .object([
            "query_tokens": .array(queryTokens.map(JSONValue.string)),
            "n_matched": .int(matchedCount),
        ]))
    }
}
