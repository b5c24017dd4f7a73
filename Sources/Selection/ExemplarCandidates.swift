/// The query and the m_eff first-stage candidates, in first-stage position order: what every
/// re-ranker works on. Kept in float32 as they came (the query shares the caller's storage), so a
/// query as wide as a whole request body costs no second copy here; widening a float32 to float64
/// is exact, so a re-ranker that widens value by value inside its sums gets the same bits as one
/// that works on the widened copies (`query`, `rows`, `row(_:)`).
public struct ExemplarCandidates: Sendable, Equatable {
    public let dim: Int
    /// The query, `dim` values.
    public let queryValues: [Float]
    /// `count x dim`, row-major; row `j` is the candidate at first-stage position `j`.
    public let rowValues: [Float]
    /// The float32 inner products of the first stage, aligned with the rows.
    public let innerProducts: [Float]
    /// The candidates' pool indices, aligned with the rows (empty when built from bare rows).
    public var indices: [Int] = []
    /// The question's bm25 ranking of F, for a re-ranker that fuses it (`hybrid`).
    public var lexical: LexicalRanking?

    public var count: Int { innerProducts.count }

    public init(dim: Int, query: [Float], rows: [Float], innerProducts: [Float]) {
        self.dim = dim
        self.queryValues = query
        self.rowValues = rows
        self.innerProducts = innerProducts
    }

    /// `query` (kept, not copied) and the pool rows `indices` (gathered in that order).
    public init(query: [Float], pool: UnsafePointer<Float>, dim: Int, indices: [Int], innerProducts: [Float]) {
        let rows = [Float](unsafeUninitializedCapacity: indices.count * dim) { out, filled in
            for (j, p) in indices.enumerated() {
                (out.baseAddress! + j * dim).update(from: pool + p * dim, count: dim)
            }
            filled = indices.count * dim
        }
        self.init(dim: dim, query: query, rows: rows, innerProducts: innerProducts)
        self.indices = indices
    }

    /// The query widened to float64: a new array of `dim` doubles on every call.
    public var query: [Double] { queryValues.map(Double.init) }

    /// Every candidate widened to float64: a new array of `count x dim` doubles on every call.
    public var rows: [Double] { rowValues.map(Double.init) }

    /// Candidate `j` widened to float64.
    public func row(_ j: Int) -> [Double] { rowValues[(j * dim)..<((j + 1) * dim)].map(Double.init) }
}
