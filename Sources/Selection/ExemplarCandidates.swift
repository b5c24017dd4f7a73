/// The query and the m_eff first-stage candidates widened to float64 (exact), in first-stage
/// position order: what every re-ranker works on.
public struct ExemplarCandidates: Sendable, Equatable {
    public let dim: Int
    public let query: [Double]
    /// `count x dim`, row-major; row `j` is the candidate at first-stage position `j`.
    public let rows: [Double]
    /// The float32 inner products of the first stage, aligned with the rows.
    public let innerProducts: [Float]
    /// The candidates' pool indices, aligned with the rows (empty when built from bare rows).
    public var indices: [Int] = []
    /// The question's bm25 ranking of F, for a re-ranker that fuses it (`hybrid`).
    public var lexical: LexicalRanking?

    public var count: Int { innerProducts.count }

    public init(dim: Int, query: [Double], rows: [Double], innerProducts: [Float]) {
        self.dim = dim
        self.query = query
        self.rows = rows
        self.innerProducts = innerProducts
    }

    /// Widens `query` and the pool rows `indices` (in that order).
    public init(query: UnsafePointer<Float>, pool: UnsafePointer<Float>, dim: Int, indices: [Int], innerProducts: [Float]) {
        let rows = [Double](unsafeUninitializedCapacity: indices.count * dim) { out, filled in
            for (j, p) in indices.enumerated() {
                let row = pool + p * dim
                for t in 0..<dim { out[j * dim + t] = Double(row[t]) }
            }
            filled = indices.count * dim
        }
        self.init(dim: dim, query: (0..<dim).map { Double(query[$0]) }, rows: rows, innerProducts: innerProducts)
        self.indices = indices
    }

    /// A copy of candidate `j`.
    public func row(_ j: Int) -> [Double] { Array(rows[(j * dim)..<((j + 1) * dim)]) }
}
