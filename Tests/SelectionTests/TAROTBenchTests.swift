import Foundation
import Testing
import LinearAlgebra
@testable import Selection

@Suite struct TAROTBenchTests {
    @Test(.enabled(if: BenchSupport.enabled))
    func benchTAROT_TimeSplit() throws {
        BLAS.useSingleThread()
        let (n, d, m) = (BenchSupport.size("SHORTLIST_BENCH_TAROT_N", 20_000), 512, 500)
        let candidates = BenchSupport.gaussianish(rows: n, cols: d, seed: 3)
        let targets = BenchSupport.gaussianish(rows: m, cols: d, seed: 4)
        let input = SelectionInput(candidates: candidates, targets: targets)
        let floor = BenchSupport.sgemmFloor(candidates, targets)
        var features: TAROTFeatures?
        let whitening = try BenchSupport.seconds {
            features = try TAROTFeatures(input, weights: [1], ridge: 1e-5, control: .none)
        }
        guard let features else { return }
        var neighbours: TAROTNeighbours?
        let lists = try BenchSupport.seconds { neighbours = try TAROTNeighbours(features, maxNeighbors: 2000, control: .none) }
        guard let neighbours else { return }
        var fixed: TAROTOutcome?
        let fixedTime = try BenchSupport.seconds {
            fixed = try TAROTSelector.fixedSize(n / 5, features: features, neighbours: neighbours, lastLayer: .maxPotential, control: .none)
        }
        var otm: TAROTOutcome?
        let otmTime = try BenchSupport.seconds {
            otm = try TAROTSelector.optimalTransportMode(features: features, neighbours: neighbours, kFolds: 10, seed: 42, control: .none)
        }
        let selected = otm?.selected ?? []
        let weightsTime = BenchSupport.seconds { _ = TAROTSelector.sinkhorn(features, candidates: selected, targets: Array(0..<m)) }
        let folds = otm?.diagnostics.first?.value.arrayValue ?? []
        let calls = folds.reduce(0) { $0 + ($1["curve"]?.arrayValue?.filter { $0 != .null }.count ?? 0) }
        print(String(format: "BENCH tarot N=%d d=%d M=%d: sgemm floor %.3f s; whitening+scores+inner %.3f s; neighbour lists %.3f s; fixed 20%% (%d, 1 partial-layer Sinkhorn) %.3f s; otm %.3f s over %d Sinkhorn calls (%d selected); weights Sinkhorn %.3f s; half-updates per side per call %d",
                     n, d, m, floor, whitening, lists, fixed?.selected.count ?? 0, fixedTime, otmTime, calls, selected.count, weightsTime,
                     Sinkhorn.epsilonSchedule(diameter: 2).count + 2))
        #expect(fixed?.selected.count == n / 5)
    }
}
