import Foundation
import Selection

/// S read from a sharded run's map outputs block by block (`SimilarityColumns`), for a reduce
/// that holds per-target lists instead of M x N (round_robin). Each block of columns is built as
/// `SimilarityMatrix.assemble` builds those columns: per checkpoint, in order, the cosines read
/// from the shards' `map-t-s.cos.npy` (target rows are contiguous there, so a block of one
/// target is one read per shard it spans), every repeated row given its first occurrence's
/// column (found by fingerprint over the whole pool, first; read from its own shard when it lies
/// outside the block), then `w_t cos_t` added in float64 onto zeros. Memory: the block
/// (targets x `blockColumns` float64 plus one float32 copy) and each checkpoint's repeated rows.
struct MappedSimilarityColumns: SimilarityColumns {
    struct Shard: Sendable {
        let rowOffset: Int
        let rows: Int
        let url: URL
    }

    struct Checkpoint: Sendable {
        let weight: Double
        let shards: [Shard]
        /// Repeated rows in ascending order, and the earlier row each repeats.
        let repeatRows: [Int]
        let firsts: [Int]
    }

    /// Columns per block: a multiple of the shards' 1,024-row tiles.
    static let blockColumns = 4096

    let targetCount: Int
    let candidateCount: Int
    let checkpoints: [Checkpoint]

    /// The map outputs in `maps` of every checkpoint of `job` (whose manifests say how many shards
    /// each has), with the normalised `weights`; reads every fingerprint once.
    init(job: EngineJob, maps: URL, shardCounts: [Int], weights: [Double]) throws {
        targetCount = job.targetCount
        candidateCount = job.candidateCount
        checkpoints = try zip(shardCounts.indices, weights).map { t, weight in
            var shards: [Shard] = []
            var words: [UInt64] = []
            for s in 0..<shardCounts[t] {
                let (offset, rows, prints) = try EngineMap.readFingerprints(maps, checkpoint: t, shard: s)
                guard offset == (shards.last.map { $0.rowOffset + $0.rows } ?? 0) else {
                    throw EngineError("map output \(EngineMap.fileBase(checkpoint: t, shard: s)) starts at row \(offset), not where the shard before ends")
                }
                shards.append(Shard(rowOffset: offset, rows: rows, url: maps.appendingPathComponent(EngineMap.fileBase(checkpoint: t, shard: s) + ".cos.npy")))
                words += prints
            }
            guard shards.last.map({ $0.rowOffset + $0.rows }) == job.candidateCount else {
                throw EngineError("the map outputs of checkpoint \(t) do not cover the \(job.candidateCount) candidates")
            }
            let repeats = SimilarityMatrix.repeatedRows(fingerprints: words)
            return Checkpoint(weight: weight, shards: shards, repeatRows: repeats.map(\.row), firsts: repeats.map(\.first))
        }
    }

    func forEachBlock(targets: [Int], _ body: (Int, Int, UnsafeBufferPointer<Double>) throws -> Void) throws {
        var files = MapFiles(targetCount: targetCount)
        defer { files.close() }
        var start = 0
        while start < candidateCount {
            let count = min(Self.blockColumns, candidateCount - start)
            var block = [Double](repeating: 0, count: targets.count * count)
            for checkpoint in checkpoints {
                var cosines = [Float](repeating: 0, count: targets.count * count)
                for (p, i) in targets.enumerated() {
                    for shard in checkpoint.shards where shard.rowOffset < start + count && shard.rowOffset + shard.rows > start {
                        let (lo, hi) = (max(start, shard.rowOffset), min(start + count, shard.rowOffset + shard.rows))
                        let values = try files.read(shard, target: i, column: lo - shard.rowOffset, count: hi - lo)
                        for c in 0..<(hi - lo) { cosines[p * count + lo - start + c] = values[c] }
                    }
                }
                // Repeats in this block take their first occurrence's cosines (assemble's step).
                var r = checkpoint.repeatRows.partitioningIndex { $0 >= start }
                while r < checkpoint.repeatRows.count, checkpoint.repeatRows[r] < start + count {
                    let (row, first) = (checkpoint.repeatRows[r], checkpoint.firsts[r])
                    for (p, i) in targets.enumerated() {
                        if first >= start {
                            cosines[p * count + row - start] = cosines[p * count + first - start]
                        } else {
                            let shard = checkpoint.shards[checkpoint.shards.partitioningIndex { $0.rowOffset + $0.rows > first }]
                            cosines[p * count + row - start] = try files.read(shard, target: i, column: first - shard.rowOffset, count: 1)[0]
                        }
                    }
                    r += 1
                }
                for x in 0..<block.count { block[x] += checkpoint.weight * Double(cosines[x]) }
            }
            try block.withUnsafeBufferPointer { try body(start, count, $0) }
            start += count
        }
    }
}

extension RandomAccessCollection {
    /// The first index whose element satisfies `predicate`, which must be false then true along
    /// the collection (binary search).
    func partitioningIndex(where predicate: (Element) -> Bool) -> Index {
        var (lo, n) = (startIndex, count)
        while n > 0 {
            let half = n / 2
            let mid = index(lo, offsetBy: half)
            if predicate(self[mid]) { n = half } else { lo = index(after: mid); n -= half + 1 }
        }
        return lo
    }
}
