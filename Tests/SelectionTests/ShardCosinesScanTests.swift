import LinearAlgebra
import Selection
import Testing

/// `ShardCosines.scan` and `compute(..., scanned:)`: a list map step scans its range once and
/// hands each block its part; the cosines must be those `compute` gets by scanning itself.
@Suite struct ShardCosinesScanTests {
    static let (n, d, m) = (300, 5, 3)

    static func rows(seed: UInt64) -> [Float] {
        var state = seed
        return (0..<(n * d)).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int(state >> 40) % 2001 - 1000) / 250
        }
    }

    @Test func compute_GivesTheSameCosinesAndFingerprints_WhenHandedItsRowsScan() throws {
        let rows = Self.rows(seed: 7)
        let targets = Matrix(rows: Self.m, cols: Self.d, values: Array(Self.rows(seed: 9).prefix(Self.m * Self.d)))
        try rows.withUnsafeBufferPointer { all in
            let scan = try ShardCosines.scan(rows: all, rowOffset: 0, dim: Self.d, label: "c")
            let own = try ShardCosines.compute(rows: all, rowOffset: 0, dim: Self.d, candidateCount: Self.n, targets: targets, label: "c")
            let handed = try ShardCosines.compute(rows: all, rowOffset: 0, dim: Self.d, candidateCount: Self.n, targets: targets, label: "c",
                                                  scanned: scan)
            #expect(handed == own)
            #expect(scan.fingerprints == own.fingerprints)
        }
    }

    @Test func scanRows_EqualsTheScanOfThoseRows() throws {
        let rows = Self.rows(seed: 11)
        try rows.withUnsafeBufferPointer { all in
            let whole = try ShardCosines.scan(rows: all, rowOffset: 0, dim: Self.d, label: "c")
            let part = try ShardCosines.scan(rows: UnsafeBufferPointer(rebasing: all[(40 * Self.d)..<(97 * Self.d)]), rowOffset: 40, dim: Self.d, label: "c")
            #expect(whole.rows(40..<97).squaredNorms == part.squaredNorms)
            #expect(whole.rows(40..<97).fingerprints == part.fingerprints)
        }
    }

    @Test func compute_Throws_WhenHandedAScanOfOtherRows() throws {
        let rows = Self.rows(seed: 13)
        let targets = Matrix(rows: Self.m, cols: Self.d, values: Array(Self.rows(seed: 9).prefix(Self.m * Self.d)))
        try rows.withUnsafeBufferPointer { all in
            let scan = try ShardCosines.scan(rows: all, rowOffset: 0, dim: Self.d, label: "c")
            #expect(throws: SelectionError.self) {
                try ShardCosines.compute(rows: all, rowOffset: 0, dim: Self.d, candidateCount: Self.n, targets: targets, label: "c",
                                         scanned: scan.rows(0..<(Self.n - 1)))
            }
        }
    }
}
