import LinearAlgebra

extension ShardCosines {
    /// Rows of one tile of the local pass over a pool of `n` candidates: a map step's rows must
    /// start on a multiple of it (and end on one or at the pool's end) for its cosines to have
    /// the local job's bits; one tile alone computes the cosines of its rows.
    public static func tileRows(candidateCount n: Int) -> Int {
        SimilarityTile(candidateCount: n, left: Matrix(rows: 0, cols: 0, values: [])).capacity
    }

    /// The fingerprints `compute` gives `rows` (two words a row), without the GEMMs: a list map
    /// step finds its repeated rows before it computes any cosine. Throws `non_finite_input` as `compute` does.
    public static func fingerprints(rows: UnsafeBufferPointer<Float>, rowOffset: Int, dim: Int, label: String) throws -> [UInt64] {
        let count = try SimilarityTile.shardRowCount(rows.count, dim: dim, expected: dim, what: "rows of \(dim)", label: label)
        guard let base = rows.baseAddress else { return [] }
        return try SimilarityTile.scanShard(base, count: count, dim: dim, rowOffset: rowOffset, label: label, zero: Float(0), scan: RowScan.float32).fingerprints
    }
}
