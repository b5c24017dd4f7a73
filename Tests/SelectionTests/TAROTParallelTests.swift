import LinearAlgebra
@testable import Selection
import Testing

/// TAROT's feature pass (mean, tiles flushed by several workers) and its Sinkhorn (half-updates
/// over a row partition) give the same bits on 1, 2, 3 and 8 workers and for every block size.
@Suite struct TAROTParallelTests {
    static let workerCounts = [1, 2, 3, 8]

    /// Two checkpoints (their scores and inner products add up), N = 1,100: four whole 256-row
    /// tiles and a short last one; blocks of 7 and 300 cut tiles, 4,096 holds them all.
    static func input(blockRows: Int, workers: Int) -> SelectionInput {
        let first = SyntheticInput(seed: 21, n: 1100, m: 9, d: 5).duplicatingCandidate(3, onto: 900)
        let second = SyntheticInput(seed: 22, n: 1100, m: 9, d: 7)
        return SelectionInput(
            checkpoints: [
                SelectionCheckpoint(label: "a", weight: 1, candidates: MatrixRowSource(first.candidates), targets: first.targets),
                SelectionCheckpoint(label: "b", weight: 3, candidates: MatrixRowSource(second.candidates), targets: second.targets),
            ],
            blockRows: blockRows, workers: workers)
    }

    static func bits(_ f: TAROTFeatures) -> [[UInt64]] {
        [f.candidateRows, f.targetRows, f.scoresByTarget, f.inner].map { $0.map(\.bitPattern) }
    }

    static func features(blockRows: Int, workers: Int) throws -> TAROTFeatures {
        let input = Self.input(blockRows: blockRows, workers: workers)
        return try TAROTFeatures(input, weights: [0.25, 0.75], ridge: 1e-5, pool: WorkerPool(width: workers), control: .none)
    }

    @Test(arguments: workerCounts)
    func features_AreBitIdentical_WhateverTheWorkersAndBlockSize(_ workers: Int) throws {
        let reference = Self.bits(try Self.features(blockRows: 4096, workers: 1))
        for blockRows in [7, 300, 4096] {
            #expect(Self.bits(try Self.features(blockRows: blockRows, workers: workers)) == reference, "blocks of \(blockRows)")
        }
    }

    @Test(arguments: workerCounts)
    func sinkhorn_IsBitIdentical_OnAPoolOfAnyWidth(_ workers: Int) {
        var g = SplitMix64(seed: 23)
        let (n, m) = (301, 17)
        let inner = (0..<(n * m)).map { _ in Double(g.next() >> 11) / Double(1 << 53) * 2 - 1 }
        func run(_ pool: WorkerPool?) -> Sinkhorn.Output {
            Sinkhorn(n: n, m: m, diameter: 2, pool: pool) { i, j in inner[i * m + j] }.run(pool: pool)
        }
        let alone = run(nil)
        let pooled = run(WorkerPool(width: workers))
        #expect(pooled.cost.bitPattern == alone.cost.bitPattern)
        #expect(pooled.f.map(\.bitPattern) == alone.f.map(\.bitPattern))
        #expect(pooled.g.map(\.bitPattern) == alone.g.map(\.bitPattern))
    }
}
