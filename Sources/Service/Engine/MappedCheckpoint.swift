import Foundation
import Selection

/// One checkpoint's map outputs as a blocked reduce reads them: its shards' row ranges in order
/// (from each map step's `.json` and fingerprints) and its repeated rows, found by fingerprint
/// over the whole pool in global row order as `SimilarityMatrix.assemble` finds them.
struct MappedCheckpoint: Sendable {
    /// Rows `rowOffset ..< rowOffset + rows`, in the map outputs named `base` (`maps/map-t-s`).
    struct Shard: Sendable {
        let rowOffset, rows: Int
        let base: URL
    }

    let shards: [Shard]
    /// Repeated rows in ascending order, and the earlier row each repeats.
    let repeatRows: [Int]
    let firsts: [Int]

    init(maps: URL, checkpoint t: Int, shardCount: Int, candidateCount n: Int) throws {
        var shards: [Shard] = []
        var words: [UInt64] = []
        for s in 0..<shardCount {
            let (offset, rows, prints) = try EngineMap.readFingerprints(maps, checkpoint: t, shard: s)
            guard offset == (shards.last.map { $0.rowOffset + $0.rows } ?? 0) else {
                throw EngineError("map output \(EngineMap.fileBase(checkpoint: t, shard: s)) starts at row \(offset), not where the shard before ends")
            }
            shards.append(Shard(rowOffset: offset, rows: rows, base: maps.appendingPathComponent(EngineMap.fileBase(checkpoint: t, shard: s))))
            words += prints
        }
        guard shards.last.map({ $0.rowOffset + $0.rows }) == n else {
            throw EngineError("the map outputs of checkpoint \(t) do not cover the \(n) candidates")
        }
        let repeats = SimilarityMatrix.repeatedRows(fingerprints: words)
        self.shards = shards
        repeatRows = repeats.map(\.row)
        firsts = repeats.map(\.first)
    }

    /// The shards holding rows of `range`, with the part of `range` each holds.
    func shards(overlapping range: Range<Int>) -> [(shard: Shard, rows: Range<Int>)] {
        shards.compactMap { shard in
            let (lo, hi) = (max(range.lowerBound, shard.rowOffset), min(range.upperBound, shard.rowOffset + shard.rows))
            return lo < hi ? (shard, lo..<hi) : nil
        }
    }

    /// The shard holding row `row`.
    func shard(containing row: Int) -> Shard {
        shards[shards.partitioningIndex { $0.rowOffset + $0.rows > row }]
    }

    /// The repeated rows of `range` with the row each repeats, ascending.
    func repeats(in range: Range<Int>) -> [(row: Int, first: Int)] {
        var r = repeatRows.partitioningIndex { $0 >= range.lowerBound }
        var out: [(row: Int, first: Int)] = []
        while r < repeatRows.count, repeatRows[r] < range.upperBound {
            out.append((repeatRows[r], firsts[r]))
            r += 1
        }
        return out
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
