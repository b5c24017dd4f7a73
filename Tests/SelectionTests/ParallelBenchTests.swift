import Foundation
import LinearAlgebra
import Testing
@testable import Selection

/// By-hand benchmark of the parallel engine (bench/sel-parallel/run.sh, figures in
/// bench/README-parallel.md): every method at W = 1 and W = 2 (or SHORTLIST_BENCH_WORKERS)
/// worker threads over in-memory N x D candidates, next to its floor, one OpenBLAS sgemm of the
/// same shape on the same number of threads, run right before it. Wall clock and process CPU
/// (all threads) per run; the box is shared, so each pair is repeated and the best kept, and the
/// load average is printed with every line. Never asserts on time.
@Suite(.serialized) struct ParallelBenchTests {
    static let env = ProcessInfo.processInfo.environment
    static var enabled: Bool { env["SHORTLIST_BENCH_PARALLEL"] == "1" }

    struct Timing {
        var wall: Double
        var cpu: Double
    }

    static func processCPU() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    static func timed(_ body: () throws -> Void) rethrows -> Timing {
        let (wall, cpu) = (ContinuousClock.now, processCPU())
        try body()
        return Timing(wall: BenchSupport.wallSeconds(ContinuousClock.now - wall), cpu: processCPU() - cpu)
    }

    /// The best (lowest wall) of `reps` runs.
    static func best(_ reps: Int, _ body: () throws -> Void) rethrows -> Timing {
        try bestSampled(reps, body).timing
    }

    /// The best of `reps` runs with its per-thread CPU (`ThreadCPUSampler`).
    static func bestSampled(_ reps: Int, _ body: () throws -> Void) rethrows -> (timing: Timing, threads: [ThreadCPUSampler.Thread]) {
        var best = (timing: Timing(wall: .infinity, cpu: .infinity), threads: [ThreadCPUSampler.Thread]())
        for _ in 0..<reps {
            let sampler = ThreadCPUSampler()
            let t = try timed(body)
            let threads = sampler.stop()
            if t.wall < best.timing.wall { best = (t, threads) }
        }
        return best
    }

    /// The busiest thread's CPU seconds: the wall clock with one free core per thread.
    static func busiest(_ threads: [ThreadCPUSampler.Thread]) -> Double { threads.first?.cpu ?? 0 }

    static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
    }

    /// One sgemm `M x N x D` (targets times candidates) on `threads` OpenBLAS threads.
    static func floor(_ candidates: Matrix, _ targets: Matrix, threads: Int) -> Timing {
        timed { BLAS.withThreads(threads) { _ = SimilarityBenchTests.timeFloor(candidates, targets) } }
    }

    static func f(_ x: Double) -> String { String(format: "%.3f", x) }

    @Test(.enabled(if: enabled))
    func bench_everyMethod_OnOneAndWWorkers_AgainstTheWThreadSgemm() throws {
        BLAS.useSingleThread()
        let n = BenchSupport.size("SHORTLIST_BENCH_N", 100_000)
        let d = BenchSupport.size("SHORTLIST_BENCH_D", 8192)
        let m = BenchSupport.size("SHORTLIST_BENCH_M", 200)
        let w = BenchSupport.size("SHORTLIST_BENCH_WORKERS", 2)
        let reps = BenchSupport.size("SHORTLIST_BENCH_REPS", 2)
        let methods = (Self.env["SHORTLIST_BENCH_METHODS"] ?? "less,round_robin,uot,knn_uniform,gist,random")
            .split(separator: ",").map(String.init)
        let candidates = BenchSupport.gaussianish(rows: n, cols: d, seed: 1)
        let targets = BenchSupport.gaussianish(rows: m, cols: d, seed: 2)
        let k = min(n, 10_000)
        print("BENCH parallel N=\(n) D=\(d) M=\(m) W=\(w) block 4096, load \(Self.loadAverage())")
        for method in methods {
            guard let selector = SelectionEngine.selector(named: method) else { continue }
            var results: [Int: SelectionResult] = [:]
            var timing: [Int: Timing] = [:]
            var floors: [Int: Timing] = [:]
            var threads: [Int: [ThreadCPUSampler.Thread]] = [:]
            var floorThreads: [Int: [ThreadCPUSampler.Thread]] = [:]
            for workers in [1, w] {
                (floors[workers], floorThreads[workers]) = Self.bestSampled(reps) { _ = Self.floor(candidates, targets, threads: workers) }
                (timing[workers], threads[workers]) = try Self.bestSampled(reps) {
                    results[workers] = try selector.select(
                        SelectionInput(candidates: candidates, targets: targets, workers: workers), budget: Budget.count(k),
                        parameters: Parameters(), seed: 1, control: SelectionControl.none)
                }
                print("BENCH \(method) W=\(workers): \(ThreadCPUSampler.summary(threads[workers]!))")
                print("BENCH   floor \(workers) thread(s): \(ThreadCPUSampler.summary(floorThreads[workers]!))")
            }
            let (one, many, f1, fw) = (timing[1]!, timing[w]!, floors[1]!, floors[w]!)
            print("BENCH \(method): W=1 wall \(Self.f(one.wall)) s CPU \(Self.f(one.cpu)) s | W=\(w) wall \(Self.f(many.wall)) s CPU \(Self.f(many.cpu)) s"
                + " | speedup \(Self.f(one.wall / many.wall))x | floor 1 thread \(Self.f(f1.wall)) s, \(w) threads \(Self.f(fw.wall)) s (CPU \(Self.f(fw.cpu)) s)"
                + " | W=1/floor1 \(Self.f(one.wall / f1.wall))x, W=\(w)/floor\(w) \(Self.f(many.wall / fw.wall))x | identical \(results[1] == results[w]) | load \(Self.loadAverage())")
            let (b1, bw, fb1, fbw) = (Self.busiest(threads[1]!), Self.busiest(threads[w]!), Self.busiest(floorThreads[1]!), Self.busiest(floorThreads[w]!))
            print("BENCH \(method) by CPU time (load-free): busiest thread W=1 \(Self.f(b1)) s, W=\(w) \(Self.f(bw)) s -> speedup \(Self.f(b1 / bw))x;"
                + " floor busiest 1 thr \(Self.f(fb1)) s, \(w) thr \(Self.f(fbw)) s; W=\(w) busiest / floor\(w) busiest \(Self.f(bw / fbw))x;"
                + " CPU W=\(w) / W=1 \(Self.f(many.cpu / one.cpu))x")
            // Machine-readable figures for bench/bench.py (bench/results/sel-parallel.jsonl).
            print("BENCH-RESULT name=\(method)-W1-wall value=\(Self.f(one.wall)) unit=s floor=\(Self.f(f1.wall)) note=floor: one sgemm \(m)x\(n)x\(d) on 1 thread")
            print("BENCH-RESULT name=\(method)-W\(w)-wall value=\(Self.f(many.wall)) unit=s floor=\(Self.f(fw.wall)) note=floor: the same sgemm on \(w) threads; result == W=1: \(results[1] == results[w])")
            print("BENCH-RESULT name=\(method)-W\(w)-speedup value=\(Self.f(one.wall / many.wall)) unit=x floor=\(Self.f(f1.wall / fw.wall)) note=floor: the sgemm's own speedup on \(w) threads")
            print("BENCH-RESULT name=\(method)-W\(w)-busiest-thread value=\(Self.f(bw)) unit=s floor=\(Self.f(fbw)) note=CPU seconds of the busiest thread (the wall clock on a quiet machine); speedup by it \(Self.f(b1 / bw))x, the sgemm's \(Self.f(fb1 / fbw))x")
        }
        print("BENCH peak RSS \(BenchSupport.peakRSS / 1_000_000) MB (candidates \(n * d * 4 / 1_000_000) MB in memory)")
    }

    @Test(.enabled(if: enabled))
    func bench_tarotOTM_OnOneAndWWorkers() throws {
        BLAS.useSingleThread()
        let (n, d, m) = (BenchSupport.size("SHORTLIST_BENCH_TAROT_N", 20_000), 512, 500)
        let w = BenchSupport.size("SHORTLIST_BENCH_WORKERS", 2)
        let candidates = BenchSupport.gaussianish(rows: n, cols: d, seed: 3)
        let targets = BenchSupport.gaussianish(rows: m, cols: d, seed: 4)
        let features = try TAROTFeatures(SelectionInput(candidates: candidates, targets: targets), weights: [1], ridge: 1e-5, pool: WorkerPool(width: 1), control: .none)
        var outcomes: [Int: TAROTOutcome] = [:]
        var line = "BENCH tarot N=\(n) d=\(d) M=\(m), load \(Self.loadAverage())"
        var walls: [Int: Double] = [:]
        var sinkhornOutputs: [Int: [UInt64]] = [:]
        var featureBits: [Int: [UInt64]] = [:]
        for workers in [1, w] {
            let pool = WorkerPool(width: workers)
            let input = SelectionInput(candidates: candidates, targets: targets, workers: workers)
            let (featureTime, featureThreads) = try Self.bestSampled(1) {
                let made = try TAROTFeatures(input, weights: [1], ridge: 1e-5, pool: pool, control: .none)
                featureBits[workers] = made.inner.map(\.bitPattern) + made.scoresByTarget.map(\.bitPattern)
            }
            let selected = Array(stride(from: 0, to: n, by: 4))
            let (sinkhornTime, sinkhornThreads) = Self.bestSampled(1) {
                sinkhornOutputs[workers] = TAROTSelector.sinkhorn(features, candidates: selected, targets: Array(0..<m), pool: pool).f.map(\.bitPattern)
            }
            print("BENCH tarot W=\(workers) features: wall \(Self.f(featureTime.wall)) s CPU \(Self.f(featureTime.cpu)) s; \(ThreadCPUSampler.summary(featureThreads))")
            print("BENCH tarot W=\(workers) final Sinkhorn \(selected.count) x \(m): wall \(Self.f(sinkhornTime.wall)) s CPU \(Self.f(sinkhornTime.cpu)) s; \(ThreadCPUSampler.summary(sinkhornThreads))")
            var neighbours: TAROTNeighbours?
            let lists = try Self.timed { neighbours = try TAROTNeighbours(features, maxNeighbors: 2000, pool: pool, control: .none) }
            let otm = try Self.timed {
                outcomes[workers] = try TAROTSelector.optimalTransportMode(
                    features: features, neighbours: neighbours!, kFolds: 10, seed: 42, pool: pool, control: .none)
            }
            walls[workers] = otm.wall
            line += " | W=\(workers): neighbour lists wall \(Self.f(lists.wall)) s CPU \(Self.f(lists.cpu)) s, OTM wall \(Self.f(otm.wall)) s CPU \(Self.f(otm.cpu)) s"
        }
        print("BENCH tarot features identical \(featureBits[1] == featureBits[w]), final Sinkhorn identical \(sinkhornOutputs[1] == sinkhornOutputs[w])")
        print(line + " | OTM speedup \(Self.f(walls[1]! / walls[w]!))x | identical \(outcomes[1]?.selected == outcomes[w]?.selected) | load \(Self.loadAverage())")
        print("BENCH-RESULT name=tarot-otm-W1-wall value=\(Self.f(walls[1]!)) unit=s note=N=\(n) d=\(d) M=\(m), 10 folds")
        print("BENCH-RESULT name=tarot-otm-W\(w)-speedup value=\(Self.f(walls[1]! / walls[w]!)) unit=x note=W=\(w) wall \(Self.f(walls[w]!)) s; selection == W=1: \(outcomes[1]?.selected == outcomes[w]?.selected)")
    }
}
