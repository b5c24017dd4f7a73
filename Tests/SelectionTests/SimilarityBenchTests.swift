import Foundation
import LinearAlgebra
import Selection
import Testing

/// By-hand benchmark of the streamed similarity and the core selectors against the single-sgemm
/// floor (bench/sel-core/run.sh). Skipped unless SHORTLIST_BENCH is set; never asserts on time.
@Suite struct SimilarityBenchTests {
    static let env = ProcessInfo.processInfo.environment
    static func setting(_ key: String, _ fallback: Int) -> Int { env[key].flatMap { Int($0) } ?? fallback }

    @Test(.enabled(if: env["SHORTLIST_BENCH"] != nil))
    func bench_coreSelectors_AgainstTheSgemmFloor() throws {
        BLAS.useSingleThread()
        let n = Self.setting("SHORTLIST_BENCH_N", 20_000)
        let d = Self.setting("SHORTLIST_BENCH_D", 8192)
        let m = Self.setting("SHORTLIST_BENCH_M", 200)
        let blockRows = Self.setting("SHORTLIST_BENCH_BLOCK", 4096)
        let k = min(n, 10_000)
        var clock = ContinuousClock.now
        let candidates = Self.randomMatrix(rows: n, cols: d, seed: 1)
        let targets = Self.randomMatrix(rows: m, cols: d, seed: 2)
        Self.report("generate \(n)x\(d) (\(n * d * 4 / 1_000_000) MB)", since: &clock)
        let rssAfterData = Self.peakRSSBytes()

        let reps = Self.setting("SHORTLIST_BENCH_REPS", 2)
        let input = SelectionInput(candidates: candidates, targets: targets, blockRows: blockRows)
        // (label, stable figure name for bench/bench.py, selector)
        let runs: [(String, String, any Selector.Type)] = [
            ("similarity only", "similarity", LessMeanTopKSelector.self),
            ("less (each)", "less", LessSelector.self),
            ("round_robin k=\(k)", "round-robin", RoundRobinSelector.self),
            ("uot (defaults)", "uot", UOTSelector.self),
            ("knn_uniform (defaults)", "knn-uniform", KNNUniformSelector.self),
        ]
        // The box is shared and noisy: each method is timed right after its own floor run, and the
        // best ratio of `reps` pairs is reported.
        for (label, name, selector) in runs {
            var best = (ratio: Double.infinity, seconds: 0.0, floor: 0.0, extra: "", wall: 0.0, floorWall: 0.0)
            for _ in 0..<reps {
                let floorStart = ContinuousClock.now
                let floor = Self.timeFloor(candidates, targets)
                let floorWall = Self.seconds(ContinuousClock.now - floorStart)
                let wallStart = ContinuousClock.now
                let start = Self.threadCPUSeconds()
                var extra = ""
                if label == "similarity only" {
                    _ = try SimilarityMatrix.compute(input, weights: [1])
                } else {
                    let result = try runSelector(selector, input, k: k)
                    extra = ["iterations", "stop", "K"].compactMap { key in result.diagnostic(key).map { " \(key)=\($0)" } }.joined()
                }
                let seconds = Self.threadCPUSeconds() - start
                let wall = Self.seconds(ContinuousClock.now - wallStart)
                if seconds / floor < best.ratio { best = (seconds / floor, seconds, floor, extra, wall, floorWall) }
            }
            print("BENCH \(label): \(Self.format(best.seconds)) s CPU vs floor \(Self.format(best.floor)) s = \(Self.format(best.ratio))x"
                + " (wall \(Self.format(best.wall)) s vs \(Self.format(best.floorWall)) s = \(Self.format(best.wall / best.floorWall))x)\(best.extra)")
            // Machine-readable figures for bench/bench.py (bench/results/sel-core.jsonl).
            let shape = "N=\(n) D=\(d) M=\(m) k=\(k), best of \(reps), release, 1 BLAS thread"
            print("BENCH-RESULT name=\(name)-cpu value=\(Self.format(best.seconds)) unit=s floor=\(Self.format(best.floor)) note=thread CPU; floor: one sgemm \(m)x\(n)x\(d); \(shape)\(best.extra)")
            print("BENCH-RESULT name=\(name)-wall value=\(Self.format(best.wall)) unit=s floor=\(Self.format(best.floorWall)) note=wall clock of the same pair; \(shape)")
        }
        let candidateBytes = Double(n * d * 4)
        print("BENCH peak RSS \(Self.peakRSSBytes() / 1_000_000) MB = \(Self.format(Double(Self.peakRSSBytes()) / candidateBytes))x candidate bytes (after data: \(rssAfterData / 1_000_000) MB)")
        print("BENCH-RESULT name=peak-rss value=\(Self.peakRSSBytes() / 1_000_000) unit=MB floor=\(Int(candidateBytes) / 1_000_000) note=floor: the candidate bytes; after generating the data \(rssAfterData / 1_000_000) MB; N=\(n) D=\(d)")
    }

    /// The floor: one sgemm of the raw targets against every raw candidate row.
    static func timeFloor(_ candidates: Matrix, _ targets: Matrix) -> Double {
        var out = [Float](repeating: 0, count: targets.rows * candidates.rows)
        let start = threadCPUSeconds()
        targets.values.withUnsafeBufferPointer { q in
            candidates.values.withUnsafeBufferPointer { c in
                out.withUnsafeMutableBufferPointer { o in
                    BLAS.sgemm(transposeB: true, m: targets.rows, n: candidates.rows, k: targets.cols,
                               a: q.baseAddress!, lda: targets.cols, b: c.baseAddress!, ldb: targets.cols,
                               c: o.baseAddress!, ldc: candidates.rows)
                }
            }
        }
        return threadCPUSeconds() - start
    }

    /// CPU time of the calling thread: BLAS runs single-threaded on it, and on the shared box the
    /// wall clock swung 2.5x between identical sgemm calls while CPU time stays put.
    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    static func randomMatrix(rows: Int, cols: Int, seed: UInt64) -> Matrix {
        var g = SplitMix64(seed: seed)
        var values = [Float](repeating: 0, count: rows * cols)
        values.withUnsafeMutableBufferPointer { v in
            for x in 0..<v.count { v[x] = Float(Int32(truncatingIfNeeded: g.next() >> 32)) * 0x1p-31 }
        }
        return Matrix(rows: rows, cols: cols, values: values)
    }

    static func peakRSSBytes() -> Int {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss * 1024
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    static func format(_ x: Double) -> String { String(format: "%.3f", x) }

    static func report(_ label: String, since clock: inout ContinuousClock.Instant) {
        print("BENCH \(label): \(format(seconds(ContinuousClock.now - clock))) s")
        clock = .now
    }
}
