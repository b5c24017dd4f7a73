import Foundation
import LinearAlgebra
import Selection

/// Rows `range` of every checkpoint of a sharded run, read from the shards holding them and
/// scanned once (norm, fingerprint), for a step that builds S over those rows as the local pass
/// does (`forEachSimilarityBlock`): a list map step (`EngineListMap`) or a Sinkhorn block
/// process (`EngineSinkhornBlock`). `range` starts on a tile of the local pass.
struct RangeRows {
    let job: EngineJob
    let range: Range<Int>
    /// Per checkpoint, the rows (row-major) and their scan.
    let rows: [[Float]]
    let scans: [ShardCosines.Scan]

    init(_ job: EngineJob, range: Range<Int>) throws {
        self.job = job
        self.range = range
        let rows = try job.checkpoints.indices.map { try EngineMap.rows(job, checkpoint: $0, range: range) }
        self.rows = rows
        scans = try job.checkpoints.indices.map { t in
            try rows[t].withUnsafeBufferPointer {
                try ShardCosines.scan(rows: $0, rowOffset: range.lowerBound, dim: job.checkpoints[t].dim, label: job.checkpoints[t].label)
            }
        }
    }

    /// The rows' fingerprints, checkpoint after checkpoint (two words a row).
    var fingerprints: [UInt64] { scans.flatMap(\.fingerprints) }

    /// Per checkpoint, the repeats found inside the range (row to first, global rows): all of
    /// them when no earlier row repeats into it.
    var pairsInside: [[Int: Int]] {
        scans.map { scan in
            Dictionary(uniqueKeysWithValues: SimilarityMatrix.repeatedRows(fingerprints: scan.fingerprints).map {
                ($0.row + range.lowerBound, $0.first + range.lowerBound)
            })
        }
    }

    /// S over the range in blocks of `MappedSimilarityColumns.blockColumns` columns (targets x
    /// width float64, block start), exactly as the local pass builds it: per checkpoint the
    /// cosines of the local pass's tiles, every repeated row (`pairs`, per checkpoint row to
    /// first) given its first occurrence's cosines, then `w_t cos_t` added in float64 onto
    /// zeros in checkpoint order. First occurrences before the range are computed from their
    /// own tiles.
    func forEachSimilarityBlock(pairs: [[Int: Int]], _ body: (_ start: Int, _ width: Int, _ block: [Double]) throws -> Void) throws {
        let weights = try job.selectionInput().validate()
        let count = job.checkpoints.count
        let targets = try (0..<count).map { try job.targets($0) }
        let (m, n) = (job.targetCount, job.candidateCount)
        // The cosines of every first occurrence a repeat of the range copies: those before the
        // range from their tiles now, those inside when their block is computed.
        var firsts = try (0..<count).map { t in
            try EngineListMap.cosinesBefore(range.lowerBound, of: Set(pairs[t].values), job: job, checkpoint: t, targets: targets[t])
        }
        let inside = pairs.map { Set($0.values.filter { $0 >= range.lowerBound }) }
        var start = range.lowerBound
        while start < range.upperBound {
            let width = min(MappedSimilarityColumns.blockColumns, range.upperBound - start)
            var block = [Double](repeating: 0, count: m * width)
            for t in 0..<count {
                let dim = job.checkpoints[t].dim
                let from = (start - range.lowerBound) * dim
                var cosines = try rows[t].withUnsafeBufferPointer {
                    try ShardCosines.compute(rows: UnsafeBufferPointer(rebasing: $0[from..<(from + width * dim)]), rowOffset: start, dim: dim,
                                             candidateCount: n, targets: targets[t], label: job.checkpoints[t].label,
                                             scanned: scans[t].rows((start - range.lowerBound)..<(start - range.lowerBound + width))).cosines
                }
                for j in start..<(start + width) where inside[t].contains(j) {
                    firsts[t][j] = (0..<m).map { cosines[$0 * width + j - start] }
                }
                for j in start..<(start + width) {
                    guard let first = pairs[t][j], let column = firsts[t][first] else { continue }
                    for i in 0..<m { cosines[i * width + j - start] = column[i] }
                }
                for x in 0..<block.count { block[x] += weights[t] * Double(cosines[x]) }
            }
            try body(start, width, block)
            start += width
        }
    }
}
