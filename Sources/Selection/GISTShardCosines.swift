import LinearAlgebra

/// One shard's part of GIST's scoring, the map step of a sharded run (docs/scaling.md): the
/// shard's rows projected on one checkpoint's basis and their float64 cosines with its unit
/// group targets (gist.md §4), unweighted, and each row's fingerprint. The projection runs on
/// the local pass's tiles (shape from the pool's N, starting at the same global rows) and the
/// cosines on its chunks of `GISTSelector.cosineChunkRows` global rows, so every value has the
/// local job's bits; repeats across shards are resolved by the reduce from the fingerprints
/// (`GISTSelector.accumulateMapped`).
public struct GISTShardCosines: Sendable, Equatable {
    /// Global index of the shard's first row.
    public let rowOffset: Int
    public let rowCount: Int
    /// C, the number of group targets.
    public let groupCount: Int
    /// rowCount x C, row-major: `cosines[j * groupCount + c]` is row rowOffset + j against target c.
    public let cosines: [Double]
    /// Two words per row (the fingerprint's high and low halves).
    public let fingerprints: [UInt64]

    public init(rowOffset: Int, rowCount: Int, groupCount: Int, cosines: [Double], fingerprints: [UInt64]) throws {
        try SimilarityTile.checkShardOutput(rowOffset: rowOffset, rowCount: rowCount, width: groupCount, values: cosines.count,
                                            fingerprints: fingerprints.count, what: "GIST targets")
        self.rowOffset = rowOffset
        self.rowCount = rowCount
        self.groupCount = groupCount
        self.cosines = cosines
        self.fingerprints = fingerprints
    }

    /// The map step over `rows` (row-major, `dim` floats each), the rows `rowOffset...` of a pool
    /// of `candidateCount`, with one checkpoint's `plan`. Throws `non_finite_input` naming the
    /// first bad row by its global index, and `shape_mismatch` for a shard that does not start
    /// and end on tile boundaries.
    public static func compute(
        rows: UnsafeBufferPointer<Float>, rowOffset: Int, dim: Int, candidateCount n: Int, plan: GISTShardPlan, label: String
    ) throws -> GISTShardCosines {
        let count = try SimilarityTile.shardRowCount(rows.count, dim: dim, expected: plan.basis.rows,
                                                     what: "basis \(plan.basis.rows) x \(plan.basis.cols)", label: label)
        let tile = SimilarityTile(candidateCount: n, left: plan.basis.transposed())
        let (cap, r, groupCount) = (tile.capacity, plan.basis.cols, plan.unitTargets.rows)
        let chunkRows = GISTSelector.cosineChunkRows
        // Projection tiles and cosine chunks both start at the shard's first row.
        try tile.checkShard(rowOffset: rowOffset, count: count, candidateCount: n, alignment: chunkRows, label: label)
        guard let base = rows.baseAddress, count > 0 else {
            return try GISTShardCosines(rowOffset: rowOffset, rowCount: 0, groupCount: groupCount, cosines: [], fingerprints: [])
        }
        let (squaredNorms, prints) = try SimilarityTile.scanShard(base, count: count, dim: dim, rowOffset: rowOffset, label: label, zero: 0.0,
                                                                  scan: RowScan.float64)
        // z = g · Vf, stored as `GISTProjection` stores it (row-major, r per row).
        var z = [Float](repeating: 0, count: count * r)
        tile.multiplyShard(base, count: count) { start, used, p in
            for j in 0..<used {
                for l in 0..<r { z[(start + j) * r + l] = p[l * cap + j] }
            }
        }
        var cosines = [Double](repeating: 0, count: count * groupCount)
        var unit = [Double](repeating: 0, count: min(chunkRows, count) * r)
        z.withUnsafeBufferPointer { zs in
            squaredNorms.withUnsafeBufferPointer { norms in
                unit.withUnsafeMutableBufferPointer { u in
                    cosines.withUnsafeMutableBufferPointer { out in
                        for chunk in WorkerPool.ranges(count, size: chunkRows) {
                            GISTSelector.chunkCosines(zs.baseAddress! + chunk.lowerBound * r, squaredNorms: norms.baseAddress! + chunk.lowerBound,
                                                      rows: chunk.count, targets: plan.unitTargets, unit: u.baseAddress!,
                                                      into: out.baseAddress! + chunk.lowerBound * groupCount)
                        }
                    }
                }
            }
        }
        return try GISTShardCosines(rowOffset: rowOffset, rowCount: count, groupCount: groupCount, cosines: cosines, fingerprints: prints)
    }
}
