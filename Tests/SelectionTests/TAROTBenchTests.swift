import Foundation
import Testing
import LinearAlgebra
@testable import Selection

@Suite struct TAROTBenchTests {
    /// Thread CPU and wall seconds of `body`.
    static func timed(_ body: () throws -> Void) rethrows -> (cpu: Double, wall: Double) {
        let wallStart = ContinuousClock.now
        let cpu = try BenchSupport.seconds(body)
        return (cpu, BenchSupport.wallSeconds(ContinuousClock.now - wallStart))
    }

    static func line(_ name: String, _ t: (cpu: Double, wall: Double)) {
        print(String(format: "BENCH tarot   %-58@ CPU %7.3f s  wall %7.3f s", name as NSString, t.cpu, t.wall))
    }

    @Test(.enabled(if: BenchSupport.enabled))
    func benchTAROT_TimeSplit() throws {
        BLAS.useSingleThread()
        let (n, d, m) = (BenchSupport.size("SHORTLIST_BENCH_TAROT_N", 20_000), 512, 500)
        let candidates = BenchSupport.gaussianish(rows: n, cols: d, seed: 3)
        let targets = BenchSupport.gaussianish(rows: m, cols: d, seed: 4)
        let input = SelectionInput(candidates: candidates, targets: targets)
        let floor = Self.timed { _ = BenchSupport.sgemmFloor(candidates, targets) }
        let covariance = try Self.timed {
            _ = try TAROTWhitening(input.checkpoints[0], ridge: 1e-5, blockRows: input.blockRows, pool: WorkerPool(width: 1), control: .none)
        }
        var features: TAROTFeatures?
        let all = try Self.timed { features = try TAROTFeatures(input, weights: [1], ridge: 1e-5, pool: WorkerPool(width: 1), control: .none) }
        guard let features else { return }
        var neighbours: TAROTNeighbours?
        let lists = try Self.timed { neighbours = try TAROTNeighbours(features, maxNeighbors: 2000, pool: WorkerPool(width: 1), control: .none) }
        guard let neighbours else { return }
        var fixed: TAROTOutcome?
        let fixedTime = try Self.timed {
            fixed = try TAROTSelector.fixedSize(n / 5, features: features, neighbours: neighbours, lastLayer: .maxPotential, pool: WorkerPool(width: 1), control: .none)
        }
        var otm: TAROTOutcome?
        let otmTime = try Self.timed {
            otm = try TAROTSelector.optimalTransportMode(features: features, neighbours: neighbours, kFolds: 10, seed: 42, pool: WorkerPool(width: 1), control: .none)
        }
        let selected = otm?.selected ?? []
        let weightsTime = Self.timed { _ = TAROTSelector.sinkhorn(features, candidates: selected, targets: Array(0..<m)) }
        let folds = otm?.diagnostics.first?.value.arrayValue ?? []
        let calls = folds.reduce(0) { $0 + ($1["curve"]?.arrayValue?.filter { $0 != .null }.count ?? 0) }
        print("BENCH tarot N=\(n) d=\(d) M=\(m), one BLAS thread")
        Self.line("floor: one sgemm N x M x d", floor)
        Self.line("features total (whitening + scores + inner)", all)
        Self.line("  of which whitening passes 1-2 (mean, covariance, chol)", covariance)
        Self.line("  rest: per-row whitening, float32 scores, float64 inner", (all.cpu - covariance.cpu, all.wall - covariance.wall))
        Self.line("neighbour lists (M x top-2000)", lists)
        Self.line("fixed 20% (k = \(n / 5), 1 partial-layer Sinkhorn)", fixedTime)
        Self.line("otm, 10 folds, \(calls) Sinkhorn calls, \(selected.count) selected", otmTime)
        Self.line("final weights Sinkhorn (\(selected.count) x \(m))", weightsTime)
        print("BENCH tarot half-updates per side per Sinkhorn call (diameter 2): \(Sinkhorn.epsilonSchedule(diameter: 2).count + 2)")
        // Machine-readable figures for bench/bench.py (bench/results/sel-gist-tarot.jsonl), thread
        // CPU seconds of each stage against the sgemm of the same shape.
        let shape = "N=\(n) d=\(d) M=\(m), release, 1 BLAS thread, thread CPU; floor: one sgemm N x M x d"
        let stages: [(String, (cpu: Double, wall: Double), String)] = [
            ("tarot-features-cpu", all, "whitening + scores + inner products"),
            ("tarot-whitening-cpu", covariance, "whitening passes 1-2 (mean, covariance, chol)"),
            ("tarot-neighbours-cpu", lists, "M x top-2000 lists"),
            ("tarot-fixed-cpu", fixedTime, "fixed 20% (k = \(n / 5))"),
            ("tarot-otm-cpu", otmTime, "OTM, 10 folds, \(calls) Sinkhorn calls, \(selected.count) selected"),
            ("tarot-weights-cpu", weightsTime, "final weights Sinkhorn (\(selected.count) x \(m))"),
        ]
        for (name, time, what) in stages {
            print(String(format: "BENCH-RESULT name=%@ value=%.3f unit=s floor=%.3f note=%@; %@",
                         name as NSString, time.cpu, floor.cpu, what as NSString, shape as NSString))
        }
        #expect(fixed?.selected.count == n / 5)
    }
}
