import Foundation

/// A pool's bm25 index in memory: the postings FTS5 holds for the pool's search table, read once
/// (`Database.itemSearchIndex`), scored with exactly the arithmetic of SQLite's `bm25()`.
///
/// Why: an FTS5 query `SELECT rowid, bm25(t) FROM t WHERE t MATCH '"a" OR "b" ...'` spends most of
/// its time in the auxiliary function, which FTS5 calls once per matching row and which walks
/// that row's phrase instances through the extension API; MATCH alone is a small part of the
/// query (bench/README-exemplars-route.md). Here one pass over each query term's postings adds
/// its term to a per-row accumulator.
///
/// Bit for bit FTS5's `fts5Bm25Function` (fts5_aux.c, SQLite 3.40): k1 = 1.2, b = 0.75,
/// `avgdl = Double(total tokens) / Double(rows)`, per phrase `idf = log(Double(nRow - nHit) + 0.5) /
/// (Double(nHit) + 0.5))` replaced by 1e-6 when <= 0, and per row, phrases in query order,
/// `score += idf * ((f * (k1 + 1)) / (f + k1 * (1 - b + b * D / avgdl)))` from `score = 0`, then
/// negated (the service negates it back). A phrase absent from a row adds `+0.0`, which changes no
/// sum, so only each term's postings are visited, in query order. The inputs come from FTS5's own
/// tokenisation of the table (its `fts5vocab` instances), not from a second tokenizer: a token's
/// row count `nHit`, its count `f` in a row, the row's token count `D` (long tokens included,
/// as FTS5 counts them). Query terms are looked up by their bytes (FTS5 compares bytes; Swift's
/// `String ==` would merge canonically equivalent terms such as Hangul syllables and jamo).
/// Tests compare every score's bit pattern with SQLite's `bm25()`, which stays the fallback.
public struct ItemSearchIndex: Sendable {
    /// The pool the table belongs to.
    public let poolID: Int64
    /// Every row of the table, ascending: a row's position is its index here.
    public let rowIDs: [Int64]
    /// Term bytes -> term number.
    let terms: [[UInt8]: Int32]
    /// Term t's postings are `postingRows[postingStart[t] ..< postingStart[t + 1]]` (positions,
    /// ascending) with their counts in `postingCounts`.
    let postingStart: [Int32]
    let postingRows: [Int32]
    let postingCounts: [Int32]
    /// Per position, `k1 * (1 - b + b * D / avgdl)`: the row's part of every term's denominator,
    /// computed once with FTS5's operations in FTS5's order.
    let lengthNorms: [Double]

    static let k1 = 1.2
    static let b = 0.75

    init(poolID: Int64, rowIDs: [Int64], terms: [[UInt8]: Int32], postingStart: [Int32], postingRows: [Int32],
         postingCounts: [Int32], rowTokenCounts: [Int32]) {
        self.poolID = poolID
        self.rowIDs = rowIDs
        self.terms = terms
        self.postingStart = postingStart
        self.postingRows = postingRows
        self.postingCounts = postingCounts
        let totalTokens = rowTokenCounts.reduce(Int64(0)) { $0 + Int64($1) }
        let avgdl = Double(totalTokens) / Double(rowIDs.count)
        lengthNorms = rowTokenCounts.map { Self.k1 * (1 - Self.b + Self.b * Double($0) / avgdl) }
    }

    /// `-bm25` of every row matching the OR query of `tokens` (distinct, in MATCH phrase order),
    /// as (position, score > 0), positions ascending.
    public func scores(tokens: [String]) -> [(position: Int, score: Double)] {
        let rowCount = Int64(rowIDs.count)
        var sums = [Double](repeating: 0, count: rowIDs.count)
        var touched = false
        for token in tokens {
            guard let term = terms[Array(token.utf8)] else { continue }
            let start = Int(postingStart[Int(term)]), end = Int(postingStart[Int(term) + 1])
            let hits = Int64(end - start)
            var idf = log((Double(rowCount - hits) + 0.5) / (Double(hits) + 0.5))
            if idf <= 0 { idf = 1e-6 }
            touched = true
            for p in start..<end {
                let row = Int(postingRows[p])
                let f = Double(postingCounts[p])
                sums[row] += idf * ((f * (Self.k1 + 1.0)) / (f + lengthNorms[row]))
            }
        }
        guard touched else { return [] }
        var result: [(position: Int, score: Double)] = []
        for (position, sum) in sums.enumerated() where sum > 0 { result.append((position, sum)) }
        return result
    }

    /// Bytes held (the term dictionary approximately).
    public var byteCount: Int {
        rowIDs.count * 16 + postingRows.count * 8 + postingStart.count * 4
            + terms.keys.reduce(0) { $0 + $1.count + 48 }
    }
}
