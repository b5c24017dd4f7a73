import LinearAlgebra

/// One shard's part of the similarity pass, the map step of a sharded run (docs/scaling.md):
/// the float32 cosines of the shard's rows against one checkpoint's targets, and each row's
/// fingerprint. Computed with the local pass's tile shape (from the pool's N, not the shard's)
/// on tiles that start at the same global rows, so every cosine has the bits the local job's has;
/// repeats across shards are resolved by the reduce from the fingerprints
/// (`SimilarityMatrix.assemble`), because a row's first occurrence may lie in an earlier shard.
public struct ShardCosines: Sendable, Equatable {
    /// Global index of the shard's first row.
    public let rowOffset: Int
    public let rowCount: Int
    /// M.
    public let targetCount: Int
    /// M x rowCount, target-major: `cosines[i * rowCount + j]` is target i against row rowOffset + j.
    public let cosines: [Float]
    /// Two words per row (the fingerprint's high and low halves).
    public let fingerprints: [UInt64]

    /// Every shard but the last holds a multiple of this many rows, so that shard boundaries are
    /// tile boundaries of the local pass (whose tiles hold at most this many rows).
    public static let rowAlignment = SimilarityTile.maxRows

    public init(rowOffset: Int, rowCount: Int, targetCount: Int, cosines: [Float], fingerprints: [UInt64]) throws {
        try SimilarityTile.checkShardOutput(rowOffset: rowOffset, rowCount: rowCount, width: targetCount, values: cosines.count,
                                            fingerprints: fingerprints.count, what: "targets")
        self.rowOffset = rowOffset
        self.rowCount = rowCount
        self.targetCount = targetCount
        self.cosines = cosines
        self.fingerprints = fingerprints
    }

    /// The map step over `rows` (row-major, `dim` floats each), the rows `rowOffset...` of a pool
    /// of `candidateCount`. Throws `non_finite_input` naming the first bad row by its global
    /// index, and `shape_mismatch` for a shard that does not start and end on tile boundaries.
    /// `scanned`: these rows' `scan`, when the caller already made it (a list map step scans its
    /// whole range first, for its repeats), so that no row is read and hashed twice.
    public static func compute(
        rows: UnsafeBufferPointer<Float>, rowOffset: Int, dim: Int, candidateCount n: Int, targets: Matrix, label: String,
        scanned: Scan? = nil
    ) throws -> ShardCosines {
        let count = try SimilarityTile.shardRowCount(rows.count, dim: dim, expected: targets.rows > 0 ? targets.cols : -1,
                                                     what: "targets \(targets.rows) x \(targets.cols)", label: label)
        let tile = SimilarityTile(candidateCount: n, left: targets.rowNormalized())
        let (cap, m) = (tile.capacity, targets.rows)
        try tile.checkShard(rowOffset: rowOffset, count: count, candidateCount: n, label: label)
        guard let base = rows.baseAddress else { return try ShardCosines(rowOffset: rowOffset, rowCount: 0, targetCount: m, cosines: [], fingerprints: []) }
        let (squaredNorms, prints) = try scanned.map { scan in
            guard scan.squaredNorms.count == count, scan.fingerprints.count == 2 * count else {
                throw SelectionError(.shapeMismatch, "a scan of \(scan.squaredNorms.count) rows was given for \(count) rows of checkpoint \(label)", parameter: "candidates")
            }
            return (scan.squaredNorms, scan.fingerprints)
        } ?? SimilarityTile.scanShard(base, count: count, dim: dim, rowOffset: rowOffset, label: label, zero: Float(0), scan: RowScan.float32)
        let norms = squaredNorms.map { max($0.squareRoot(), RowNormalization.floor) }
        var cosines = [Float](repeating: 0, count: m * count)
        tile.multiplyShard(base, count: count) { start, used, p in
            for i in 0..<m {
                for j in 0..<used { cosines[i * count + start + j] = p[i * cap + j] / norms[start + j] }
            }
        }
        return try ShardCosines(rowOffset: rowOffset, rowCount: count, targetCount: m, cosines: cosines, fingerprints: prints)
    }
}
