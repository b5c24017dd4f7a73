import Foundation
import JSON
import LinearAlgebra
@testable import Service
import Testing
import TestSupport

/// GIST's map outputs read in blocks of rows give each checkpoint's cosines by global row, a
/// repeated row (by fingerprint) its first occurrence's even where its own mapped cosines differ
/// (as GEMM position effects make them), with the first occurrence inside the block, in an
/// earlier block and in an earlier shard.
@Suite struct MappedGISTRowsTests {
    static let (n, c) = (9000, 3)
    static let repeats = [[9: 1, 4100: 2, 8999: 5000], [7000: 3000, 3001: 3000]]

    @Test func blocks_GiveRepeatsTheirFirstOccurrencesCosines_AcrossBlocksAndShards() throws {
        let directory = try TemporaryDirectory("gist-rows")
        let maps = directory.url
        // Row j of checkpoint t has the cosines (t, j, g) encoded, so every value names its source.
        func value(_ t: Int, _ row: Int, _ g: Int) -> Double { Double(t * 100_000 + row) + Double(g) / 10 }
        for t in 0..<2 {
            for (s, offset) in stride(from: 0, to: Self.n, by: 3072).enumerated() {
                let rows = min(3072, Self.n - offset)
                let cosines = (offset..<(offset + rows)).flatMap { row in (0..<Self.c).map { value(t, row, $0) } }
                let prints: [UInt64] = (offset..<(offset + rows)).flatMap { row -> [UInt64] in [UInt64(Self.repeats[t][row] ?? row), 1] }
                let base = EngineMap.fileBase(checkpoint: t, shard: s)
                try EngineFiles.write(NPYArray.file(doubles: cosines, rows: rows, columns: Self.c), to: maps.appendingPathComponent(base + ".gist.npy"))
                try EngineFiles.write(NPYArray.file(words: prints, rows: rows, columns: 2), to: maps.appendingPathComponent(base + ".fp.npy"))
                try EngineFiles.write(JSONWriter.encode(.object(["row_offset": .int(offset), "rows": .int(rows)])), to: maps.appendingPathComponent(base + ".json"))
            }
        }
        let job = EngineJob(directory: maps, request: .object([:]), candidateCount: Self.n, targetCount: 4, checkpoints: [])
        let rows = try MappedGISTRows(job: job, maps: maps, shardCounts: [3, 3])
        #expect(rows.groupCount == Self.c)
        var covered = 0
        try rows.forEachBlock { start, count, cosines in
            #expect(start == covered && cosines.count == 2)
            for t in 0..<2 {
                let wrong = (start..<(start + count)).filter { row in
                    (0..<Self.c).contains { cosines[t][(row - start) * Self.c + $0] != value(t, Self.repeats[t][row] ?? row, $0) }
                }
                #expect(wrong.isEmpty, "checkpoint \(t): rows \(wrong.prefix(5)) do not hold their first occurrence's cosines")
            }
            covered += count
        }
        #expect(covered == Self.n)
    }
}
