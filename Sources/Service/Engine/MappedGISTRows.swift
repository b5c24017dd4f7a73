import Foundation
import Selection

/// GIST's map outputs (`map-t-s.gist.npy`, rows x C float64, row-major) read in blocks of rows
/// (`GISTMappedRows`), each row's C cosines one contiguous read; a repeated row (by fingerprint,
/// `MappedCheckpoint`) takes its first occurrence's row, read from its own shard when it lies
/// before the block. Memory: one block of every checkpoint (T x `blockRows` x C float64).
struct MappedGISTRows: GISTMappedRows {
    static let blockRows = 4096

    let candidateCount: Int
    let groupCount: Int
    let checkpoints: [MappedCheckpoint]

    init(job: EngineJob, maps: URL, shardCounts: [Int]) throws {
        candidateCount = job.candidateCount
        checkpoints = try shardCounts.indices.map {
            try MappedCheckpoint(maps: maps, checkpoint: $0, shardCount: shardCounts[$0], candidateCount: job.candidateCount)
        }
        // C (the number of group targets) as the maps wrote it.
        groupCount = try NPYArray.read(maps.appendingPathComponent(EngineMap.fileBase(checkpoint: 0, shard: 0) + ".gist.npy")).columns
    }

    func forEachBlock(_ body: (Int, Int, [[Double]]) throws -> Void) throws {
        var files = MapFiles()
        defer { files.close() }
        let c = groupCount
        func read(_ shard: MappedCheckpoint.Shard, row: Int, count: Int) throws -> [Double] {
            let header = NPYArray.header(descr: NPYArray.float64, rows: shard.rows, columns: c)
            return try files.doubles(shard.base.appendingPathExtension("gist.npy"), header: header, index: (row - shard.rowOffset) * c, count: count * c)
        }
        var start = 0
        while start < candidateCount {
            let count = min(Self.blockRows, candidateCount - start)
            let range = start..<(start + count)
            let cosines = try checkpoints.map { checkpoint -> [Double] in
                var block = [Double](repeating: 0, count: count * c)
                for (shard, rows) in checkpoint.shards(overlapping: range) {
                    let values = try read(shard, row: rows.lowerBound, count: rows.count)
                    for x in values.indices { block[(rows.lowerBound - start) * c + x] = values[x] }
                }
                for (row, first) in checkpoint.repeats(in: range) {
                    let source = first >= start
                        ? Array(block[((first - start) * c)..<((first - start + 1) * c)])
                        : try read(checkpoint.shard(containing: first), row: first, count: 1)
                    for g in 0..<c { block[(row - start) * c + g] = source[g] }
                }
                return block
            }
            try body(start, count, cosines)
            start += count
        }
    }
}
