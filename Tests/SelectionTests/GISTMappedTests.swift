@testable import Selection
import Testing

/// GIST's reduce adds the map steps' cosines as the local pass does: a repeated row (by
/// fingerprint) gets its first occurrence's cosines, whether the first lies in its shard or an
/// earlier one, even where its own mapped cosines differ (as GEMM position effects make them).
@Suite struct GISTMappedTests {
    @Test func accumulateMapped_GivesRepeatsTheirFirstOccurrencesCosines_AcrossShards() throws {
        let (n, c) = (10, 3)
        let firstOf = [4: 1, 7: 1, 9: 8]
        func shard(_ offset: Int, _ rows: Int) throws -> GISTShardCosines {
            let cosines = (0..<(rows * c)).map { Double(offset * c + $0) / 100 }
            let prints: [UInt64] = (offset..<(offset + rows)).flatMap { row -> [UInt64] in [UInt64(firstOf[row] ?? row), 7] }
            return try GISTShardCosines(rowOffset: offset, rowCount: rows, groupCount: c, cosines: cosines, fingerprints: prints)
        }
        // Out of order: the reduce sorts the shards by their first row.
        let shards = [try shard(6, 4), try shard(0, 6)]
        var similarity = [Double](repeating: 0.5, count: n * c)
        try GISTSelector.accumulateMapped(shards, groupCount: c, weight: 0.25, into: &similarity)
        for row in 0..<n {
            let source = firstOf[row] ?? row
            for g in 0..<c {
                #expect(similarity[row * c + g] == 0.5 + 0.25 * (Double(source * c + g) / 100), "row \(row), target \(g)")
            }
        }
    }

    @Test func accumulateMapped_RefusesShardsThatLeaveAGap() throws {
        let shard = try GISTShardCosines(rowOffset: 2, rowCount: 1, groupCount: 1, cosines: [0], fingerprints: [1, 1])
        var similarity = [Double](repeating: 0, count: 3)
        #expect(throws: SelectionError.self) { try GISTSelector.accumulateMapped([shard], groupCount: 1, weight: 1, into: &similarity) }
    }
}
