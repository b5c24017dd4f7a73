import Foundation
import JSON
import LinearAlgebra
@testable import Selection
@testable import Service
import Testing
import TestSupport

/// S read from map outputs in column blocks equals `SimilarityMatrix.assemble` on the same map
/// outputs, value for value, including repeated rows whose map cosines differ from their first
/// occurrence's (as GEMM position effects make them; the small real runs do not show them), with
/// the first occurrence inside the block, in an earlier block and in an earlier shard.
@Suite struct MappedSimilarityColumnsTests {
    static let (m, n) = (5, 9000)
    /// (repeat, first) per checkpoint: inside one block, across blocks (4,096 columns) and shards
    /// (3 x 3,072 rows), and a row repeated twice.
    static let repeats = [[(20, 10), (4500, 10), (8999, 4100), (6000, 5000)], [(3000, 1), (7000, 3000 - 1), (7001, 1)]]

    func shard(_ t: Int, offset: Int, rows: Int, seed: UInt64) -> ShardCosines {
        var rng = SplitMix64(seed: seed)
        let cosines = (0..<(Self.m * rows)).map { _ in Float(Int(rng.uniform(below: 2001)) - 1000) / 1000 }
        var prints = [UInt64](repeating: 0, count: 2 * rows)
        for j in 0..<rows {
            // Distinct rows get distinct fingerprints; a repeat gets its first occurrence's.
            let row = offset + j
            let first = Self.repeats[t].first { $0.0 == row }?.1 ?? row
            prints[2 * j] = UInt64(first) &* 0x9E37_79B9_7F4A_7C15
            prints[2 * j + 1] = UInt64(t)
        }
        return try! ShardCosines(rowOffset: offset, rowCount: rows, targetCount: Self.m, cosines: cosines, fingerprints: prints)
    }

    @Test func blocks_EqualTheAssembledMatrix_WithRepeatsAcrossBlocksAndShards() throws {
        let directory = try TemporaryDirectory("columns")
        let maps = directory.url
        let weights = [0.25, 0.75]
        var shards: [[ShardCosines]] = []
        for t in 0..<2 {
            var list: [ShardCosines] = []
            for (s, offset) in stride(from: 0, to: Self.n, by: 3072).enumerated() {
                let part = shard(t, offset: offset, rows: min(3072, Self.n - offset), seed: UInt64(10 * t + s))
                let base = EngineMap.fileBase(checkpoint: t, shard: s)
                try EngineFiles.write(NPYArray.file(floats: part.cosines, rows: Self.m, columns: part.rowCount), to: maps.appendingPathComponent(base + ".cos.npy"))
                try EngineFiles.write(NPYArray.file(words: part.fingerprints, rows: part.rowCount, columns: 2), to: maps.appendingPathComponent(base + ".fp.npy"))
                try EngineFiles.write(JSONWriter.encode(.object(["row_offset": .int(offset), "rows": .int(part.rowCount)])), to: maps.appendingPathComponent(base + ".json"))
                list.append(part)
            }
            shards.append(list)
        }
        let expected = try SimilarityMatrix.assemble(targetCount: Self.m, candidateCount: Self.n,
                                                     checkpoints: zip(weights, shards).map { (weight: $0.0, shards: $0.1) })
        let job = EngineJob(directory: maps, request: .object([:]), candidateCount: Self.n, targetCount: Self.m, checkpoints: [])
        let columns = try MappedSimilarityColumns(job: job, maps: maps, shardCounts: [3, 3], weights: weights)
        for targets in [Array(0..<Self.m), [3, 0]] {
            var seen = 0
            try columns.forEachBlock(targets: targets) { start, count, rows in
                #expect(start == seen)
                let differing = targets.enumerated().flatMap { p, i in
                    (0..<count).filter { rows[p * count + $0] != expected[i, start + $0] }.map { (i, start + $0) }
                }
                #expect(differing.isEmpty, "S differs from the assembled matrix at (target, candidate) \(differing.prefix(5))")
                seen += count
            }
            #expect(seen == Self.n)
        }
        // The repeats matter here: a repeat's own cosines differ from its first occurrence's.
        #expect(shards[0][1].cosines[4500 - 3072] != shards[0][0].cosines[10])
    }
}
