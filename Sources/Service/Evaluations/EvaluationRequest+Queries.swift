import LinearAlgebra
import Selection
import Storage

extension EvaluationRequest {
    /// The queries the job evaluates, in order: every query (inline order, or the pool's index
    /// order), or with `limit` a seeded sample of that many, kept in that order. The first of
    /// `SplitMix64.permutation(count, seed)` are taken, so the same seed picks the same queries.
    func labelledQueries(_ db: Database) throws -> [EvaluationQueryRow] {
        var all: [(id: String, question: String, gold: String)] = []
        switch queries {
        case let .inline(items):
            all = items.enumerated().map { n, q in ("q\(n)", q.question, q.answer) }
        case let .pool(name):
            guard let pool = try db.pool(named: name) else { throw APIError.notFound("pool '\(name)' not found", param: "queries.pool") }
            try db.forEachItem(poolID: pool.id) { item in
                guard let question = item.question, !question.isEmpty, let gold = item.answer else {
                    throw APIError.invalid("queries.pool: item \"\(item.extID)\" of pool '\(name)' has no question or no answer; every query needs both",
                                           param: "queries.pool", code: "invalid_query")
                }
                all.append((item.extID, question, gold))
            }
            guard !all.isEmpty else {
                throw APIError.invalid("queries.pool: pool '\(name)' has no items", param: "queries.pool", code: "empty_input")
            }
        }
        var chosen = Array(all.indices)
        if let limit, limit < all.count {
            chosen = SplitMix64.permutation(all.count, seed: UInt64(seed)).prefix(limit).sorted()
        }
        guard chosen.count <= Self.maxQueries else {
            throw APIError.invalid("queries.pool holds \(chosen.count) queries; at most \(Self.maxQueries) are evaluated: set limit",
                                   param: "queries.pool", code: "too_many_queries")
        }
        return chosen.enumerated().map { n, i in EvaluationQueryRow(queryIndex: n, extID: all[i].id, question: all[i].question, gold: all[i].gold) }
    }
}
