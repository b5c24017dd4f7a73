import Foundation
import JSON
import LinearAlgebra
@testable import Selection
import Testing

/// The Sinkhorn rounds split over holders of kernel columns (a Ray job's block processes, merged
/// by the coordinator's loop) give the local solver's masses, iterations and stop bit for bit,
/// for row blocks that divide N or not, one block or many, pieces of one or several blocks,
/// thread counts, and each of the three ways to stop. A holder
/// started afresh answers any round as the one that answered every round before it.
@Suite struct UOTKernelBlockTests {
    static let stops: [(String, [String: JSONValue])] = [
        ("converged", [:]),
        ("max_iter", ["max_iter": .int(3), "tol": .double(1e-300)]),
        ("numeric_guard", ["eps": .double(1e-4)]),
    ]

    static let m = 5
    static let n = 301

    static func similarity() -> SimilarityMatrix {
        var s = ColumnSelectorTests.similarity(m: m, n: n, contended: false, seed: 33)
        // A column at S = 0 for every target: its kernel underflows at eps 1e-4 (the guard's case).
        for i in 0..<m { s.values[i * n + 3] = 0 }
        return s
    }

    /// S's columns `range`, targets x columns.
    static func columns(_ s: SimilarityMatrix, _ range: Range<Int>) -> [Double] {
        (0..<s.targetCount).flatMap { i in s.values[(i * s.candidateCount + range.lowerBound)..<(i * s.candidateCount + range.upperBound)] }
    }

    /// The loop of `solver` over holders of the pieces `cuts` (block multiples) cut S into,
    /// replies merged in column order as the engine's coordinator merges them.
    static func split(_ solver: UOTSolver, _ s: SimilarityMatrix, cuts: [Int], workers: Int) throws -> UOTSolver.Outcome {
        let bounds = [0] + cuts + [s.candidateCount]
        var blocks = try zip(bounds, bounds.dropFirst()).map { lo, hi in
            var values = columns(s, lo..<hi)
            return try UOTKernelBlock(similarity: &values, targets: s.targetCount, columns: lo..<hi, candidateCount: s.candidateCount,
                                      parameters: solver.parameters, rowBlock: solver.rowBlock!, pool: WorkerPool(width: workers))
        }
        return try solver.scalingLoop(
            m: s.targetCount, n: s.candidateCount, control: .none,
            round: { uPrev, u in UOTRoundReply.merged(try blocks.indices.map { try blocks[$0].round(uPrev: uPrev, u: u) }, targets: s.targetCount) },
            masses: { u, onesV in try blocks.indices.flatMap { try blocks[$0].masses(u: u, onesV: onesV) } })
    }

    static func bits(_ outcome: UOTSolver.Outcome) -> [UInt64] { outcome.mass.map(\.bitPattern) }

    @Test(arguments: stops, [
        (rowBlock: 64, cuts: [128], workers: 1), (rowBlock: 64, cuts: [64, 128, 192, 256], workers: 3),
        (rowBlock: 7, cuts: [7, 140], workers: 2), (rowBlock: 301, cuts: [], workers: 2), (rowBlock: 4096, cuts: [], workers: 1),
        (rowBlock: 100, cuts: [300], workers: 2),
    ])
    func splitRounds_GiveTheLocalSolversOutcome(stop: (String, [String: JSONValue]), plan: (rowBlock: Int, cuts: [Int], workers: Int)) throws {
        let s = Self.similarity()
        let solver = UOTSolver(parameters: try UOTParameters(Parameters(stop.1)), rowBlock: plan.rowBlock)
        var whole = s
        let local = try solver.solve(&whole, pool: WorkerPool(width: plan.workers), control: .none)
        #expect(local.stop.rawValue == stop.0)
        let split = try Self.split(solver, s, cuts: plan.cuts, workers: plan.workers)
        #expect(Self.bits(split) == Self.bits(local))
        #expect(split.iterations == local.iterations && split.stop == local.stop)
    }

    @Test func rowBlocks_ChangeTheRowSumsOrder_OnlyBeyondOneBlock() throws {
        // One block is the plain four-lane sum; several blocks add their sums in order, which
        // is another rounding: the split is part of the result, so it must be a function of N.
        let s = Self.similarity()
        func masses(_ rowBlock: Int) throws -> [UInt64] {
            var whole = s
            return Self.bits(try UOTSolver(parameters: UOTParameters(), rowBlock: rowBlock).solve(&whole, pool: WorkerPool(width: 1), control: .none))
        }
        #expect(try masses(301) == masses(4096))
        #expect(try masses(64) != masses(301))
    }

    @Test func freshBlock_AnswersRoundLikeTheBlockThatAnsweredEveryRound() throws {
        let s = Self.similarity()
        let parameters = try UOTParameters(Parameters(["max_iter": .int(6), "tol": .double(1e-300)]))
        let range = 64..<192
        func block() throws -> UOTKernelBlock {
            var values = Self.columns(s, range)
            return try UOTKernelBlock(similarity: &values, targets: Self.m, columns: range, candidateCount: Self.n, parameters: parameters,
                                      rowBlock: 64, pool: WorkerPool(width: 2))
        }
        var running = try block()
        var asked: [([Double]?, [Double]?, UOTRoundReply)] = []
        _ = try UOTSolver(parameters: parameters, rowBlock: 64).scalingLoop(
            m: Self.m, n: Self.n, control: .none,
            round: { uPrev, u in
                let reply = UOTRoundReply.merged([try running.round(uPrev: uPrev, u: u)], targets: Self.m)
                asked.append((uPrev, u, reply))
                // The other columns' share of the row sums: ones keep the loop finite.
                return UOTRoundReply(guardFired: false, allFinite: true, diff: reply.diff, scale: reply.scale, blockCount: reply.blockCount,
                                     blockSums: reply.blockSums.map { $0 + 1 })
            },
            masses: { _, _ in [Double](repeating: 0, count: Self.n) })
        #expect(asked.count >= 5)
        for (uPrev, u, reply) in asked.dropFirst(2) {
            var fresh = try block()
            #expect(try fresh.round(uPrev: uPrev, u: u) == reply)
        }
        var fresh = try block()
        let last = asked.last!.1!
        #expect(try fresh.masses(u: last, onesV: false) == running.masses(u: last, onesV: false))
    }
}
