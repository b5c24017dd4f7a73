import LinearAlgebra

extension ShardCosines {
    /// Rows of one tile of the local pass over a pool of `n` candidates: a map step's rows must
    /// start on a multiple of it (and end on one or at the pool's end) for its cosines to have
    /// the local job's bits; one tile alone computes the cosines of its rows.
    public static func tileRows(candidateCount n: Int) -> Int {
        SimilarityTile(candidateCount: n, left: Matrix(rows: 0, cols: 0, values: [])).capacity
    }

    /// Rows as `compute` scans them before its GEMMs: each row's squared norm and fingerprint.
    public struct Scan: Sendable {
        public let squaredNorms: [Float]
        /// Two words a row, as in `fingerprints`.
        public let fingerprints: [UInt64]

        /// The rows `range` of this scan (counted from its first row).
        public func rows(_ range: Range<Int>) -> Scan {
            Scan(squaredNorms: Array(squaredNorms[range]), fingerprints: Array(fingerprints[(2 * range.lowerBound)..<(2 * range.upperBound)]))
        }
    }

    /// `compute`'s scan of `rows` without the GEMMs: a list map step finds its repeated rows
    /// before it computes any cosine, then hands each block's part to `compute`. Throws
    /// `non_finite_input` as `compute` does.
    public static func scan(rows: UnsafeBufferPointer<Float>, rowOffset: Int, dim: Int, label: String) throws -> Scan {
        let count = try SimilarityTile.shardRowCount(rows.count, dim: dim, expected: dim, what: "rows of \(dim)", label: label)
        guard let base = rows.baseAddress else { return Scan(squaredNorms: [], fingerprints: []) }
        let scanned = try SimilarityTile.scanShard(base, count: count, dim: dim, rowOffset: rowOffset, label: label, zero: Float(0), scan: RowScan.float32)
        return Scan(squaredNorms: scanned.squaredNorms, fingerprints: scanned.fingerprints)
    }
}
