import Foundation
import Selection

/// S read from a sharded run's map outputs block by block (`SimilarityColumns`), for a reduce
/// that holds per-target lists or per-candidate figures instead of M x N (the column selectors
/// and every method's `quality`). Each block of columns is built as `SimilarityMatrix.assemble`
/// builds those columns: per checkpoint, in order, the cosines read from the shards'
/// `map-t-s.cos.npy` (target rows are contiguous there, so a block of one target is one read per
/// shard it spans), every repeated row given its first occurrence's column (`MappedCheckpoint`;
/// read from its own shard when it lies outside the block), then `w_t cos_t` added in float64
/// onto zeros. Memory: the block (targets x `blockColumns` float64 plus one float32 copy) and
/// each checkpoint's repeated rows.
struct MappedSimilarityColumns: SimilarityColumns {
    /// Columns per block: a multiple of the shards' 1,024-row tiles.
    static let blockColumns = 4096

    let targetCount: Int
    let candidateCount: Int
    let checkpoints: [(weight: Double, rows: MappedCheckpoint)]

    /// The map outputs in `maps` of every checkpoint of `job` (whose manifests say how many shards
    /// each has), with the normalised `weights`; reads every fingerprint once.
    init(job: EngineJob, maps: URL, shardCounts: [Int], weights: [Double]) throws {
        targetCount = job.targetCount
        candidateCount = job.candidateCount
        checkpoints = try zip(shardCounts.indices, weights).map { t, weight in
            (weight, try MappedCheckpoint(maps: maps, checkpoint: t, shardCount: shardCounts[t], candidateCount: job.candidateCount))
        }
    }

    func forEachBlock(targets: [Int], _ body: (Int, Int, UnsafeBufferPointer<Double>) throws -> Void) throws {
        var files = MapFiles()
        defer { files.close() }
        func read(_ shard: MappedCheckpoint.Shard, target: Int, column: Int, count: Int) throws -> [Float] {
            let header = NPYArray.header(descr: NPYArray.float32, rows: targetCount, columns: shard.rows)
            return try files.floats(shard.base.appendingPathExtension("cos.npy"), header: header, index: target * shard.rows + column, count: count)
        }
        var start = 0
        while start < candidateCount {
            let count = min(Self.blockColumns, candidateCount - start)
            let range = start..<(start + count)
            var block = [Double](repeating: 0, count: targets.count * count)
            for (weight, checkpoint) in checkpoints {
                var cosines = [Float](repeating: 0, count: targets.count * count)
                for (p, i) in targets.enumerated() {
                    for (shard, rows) in checkpoint.shards(overlapping: range) {
                        let values = try read(shard, target: i, column: rows.lowerBound - shard.rowOffset, count: rows.count)
                        for c in 0..<rows.count { cosines[p * count + rows.lowerBound - start + c] = values[c] }
                    }
                }
                // Repeats take their first occurrence's cosines (assemble's step).
                for (row, first) in checkpoint.repeats(in: range) {
                    for (p, i) in targets.enumerated() {
                        if first >= start {
                            cosines[p * count + row - start] = cosines[p * count + first - start]
                        } else {
                            let shard = checkpoint.shard(containing: first)
                            cosines[p * count + row - start] = try read(shard, target: i, column: first - shard.rowOffset, count: 1)[0]
                        }
                    }
                }
                for x in 0..<block.count { block[x] += weight * Double(cosines[x]) }
            }
            try block.withUnsafeBufferPointer { try body(start, count, $0) }
            start += count
        }
    }
}
