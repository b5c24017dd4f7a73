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
        guard rowOffset >= 0, rowCount >= 0, targetCount >= 0, cosines.count == targetCount * rowCount,
              fingerprints.count == 2 * rowCount else {
            throw SelectionError(.shapeMismatch, "a shard of \(rowCount) rows and \(targetCount) targets holds \(cosines.count) cosines and \(fingerprints.count) fingerprint words", parameter: "candidates")
        }
        self.rowOffset = rowOffset
        self.rowCount = rowCount
        self.targetCount = targetCount
        self.cosines = cosines
        self.fingerprints = fingerprints
    }

    /// The map step over `rows` (row-major, `dim` floats each), the rows `rowOffset...` of a pool
    /// of `candidateCount`. Throws `non_finite_input` naming the first bad row by its global
    /// index, and `shape_mismatch` for a shard that does not start and end on tile boundaries.
    public static func compute(
        rows: UnsafeBufferPointer<Float>, rowOffset: Int, dim: Int, candidateCount n: Int, targets: Matrix, label: String
    ) throws -> ShardCosines {
        let count = dim > 0 ? rows.count / dim : 0
        guard dim > 0, dim == targets.cols, rows.count == count * dim, targets.rows > 0 else {
            throw SelectionError(.shapeMismatch, "checkpoint \(label): a shard of \(rows.count) values for d = \(dim), targets \(targets.rows) x \(targets.cols)", parameter: "candidates")
        }
        let tile = SimilarityTile(candidateCount: n, left: targets.rowNormalized())
        let (cap, m) = (tile.capacity, targets.rows)
        guard rowOffset % cap == 0, rowOffset + count <= n, count % cap == 0 || rowOffset + count == n else {
            throw SelectionError(.shapeMismatch, "checkpoint \(label): the shard of rows \(rowOffset)..<\(rowOffset + count) of \(n) does not lie on tiles of \(cap) rows", parameter: "candidates")
        }
        var norms = [Float](repeating: 1, count: count)
        var prints = [UInt64](repeating: 0, count: 2 * count)
        var cosines = [Float](repeating: 0, count: m * count)
        guard let base = rows.baseAddress else { return try ShardCosines(rowOffset: rowOffset, rowCount: 0, targetCount: m, cosines: [], fingerprints: []) }
        for row in 0..<count {
            guard let scanned = RowScan.float32(base + row * dim, count: dim) else {
                throw SelectionError(.nonFiniteInput, "candidate \(rowOffset + row) of checkpoint \(label) contains NaN or Inf", parameter: "candidates")
            }
            norms[row] = max(scanned.squaredNorm.squareRoot(), RowNormalization.floor)
            prints[2 * row] = scanned.fingerprint.high
            prints[2 * row + 1] = scanned.fingerprint.low
        }
        var product = [Float](repeating: 0, count: tile.productCount)
        var padded: [Float] = []
        product.withUnsafeMutableBufferPointer { p in
            var start = 0
            while start < count {
                let used = min(cap, count - start)
                if used == cap {
                    tile.multiply(base + start * dim, into: p.baseAddress!)
                } else {
                    // The pool's last tile, padded with zero rows as the local pass pads it.
                    padded = [Float](repeating: 0, count: cap * dim)
                    padded.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: base + start * dim, count: used * dim) }
                    padded.withUnsafeBufferPointer { tile.multiply($0.baseAddress!, into: p.baseAddress!) }
                }
                for i in 0..<m {
                    for j in 0..<used { cosines[i * count + start + j] = p[i * cap + j] / norms[start + j] }
                }
                start += cap
            }
        }
        return try ShardCosines(rowOffset: rowOffset, rowCount: count, targetCount: m, cosines: cosines, fingerprints: prints)
    }
}
