import Foundation
import Testing
import LinearAlgebra
@testable import Selection

/// Manual benchmarks (bench/README-sel-gist-tarot.md), off in the normal run:
/// `SHORTLIST_BENCH=1 swift test -c release --filter Bench` (SHORTLIST_BENCH_N overrides N).
enum BenchSupport {
    static var enabled: Bool { ProcessInfo.processInfo.environment["SHORTLIST_BENCH"] == "1" }

    static func size(_ key: String, _ fallback: Int) -> Int {
        ProcessInfo.processInfo.environment[key].flatMap(Int.init) ?? fallback
    }

    /// Thread CPU seconds of `body` (the box is shared: wall-clock ratios are meaningless there).
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = cpuNow()
        try body()
        return cpuNow() - start
    }

    static func cpuNow() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    static func wallSeconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// Peak resident set size of the process so far, in bytes.
    static var peakRSS: Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }

    static func gaussianish(rows: Int, cols: Int, seed: UInt64) -> Matrix {
        var g = SplitMix64(seed: seed)
        var values = [Float](repeating: 0, count: rows * cols)
        for i in values.indices { values[i] = Float(Int64(bitPattern: g.next() >> 40) - (1 << 23)) / Float(1 << 23) }
        return Matrix(rows: rows, cols: cols, values: values)
    }

    static func sgemmFloor(_ c: Matrix, _ t: Matrix) -> Double {
        var out = [Float](repeating: 0, count: c.rows * t.rows)
        return seconds {
            c.values.withUnsafeBufferPointer { a in
                t.values.withUnsafeBufferPointer { b in
                    BLAS.sgemm(transposeB: true, m: c.rows, n: t.rows, k: c.cols, a: a.baseAddress!, lda: c.cols,
                               b: b.baseAddress!, ldb: c.cols, c: &out, ldc: t.rows)
                }
            }
        }
    }
}

@Suite struct GISTBenchTests {
    @Test(.enabled(if: BenchSupport.enabled))
    func benchGIST_AgainstTheSgemmFloor() throws {
        BLAS.useSingleThread()
        let (n, d, m) = (BenchSupport.size("SHORTLIST_BENCH_N", 20_000), BenchSupport.size("SHORTLIST_BENCH_D", 8192), 200)
        let candidates = BenchSupport.gaussianish(rows: n, cols: d, seed: 1)
        let targets = BenchSupport.gaussianish(rows: m, cols: d, seed: 2)
        let matrixBytes = n * d * 4
        let rssBefore = BenchSupport.peakRSS
        var result: SelectionResult?
        for rep in 1...BenchSupport.size("SHORTLIST_BENCH_REPS", 1) {
            print("BENCH gist pair \(rep)")
            let floorWallStart = ContinuousClock.now
            let floor = BenchSupport.sgemmFloor(candidates, targets)
            let floorWall = ContinuousClock.now - floorWallStart
            let gistWallStart = ContinuousClock.now
            let gist = try BenchSupport.seconds {
                result = try GISTSelector.select(
                    SelectionInput(candidates: candidates, targets: targets), budget: .count(1000),
                    parameters: Parameters(["rank": .int(150)]), seed: nil, control: .none)
            }
            let gistWall = ContinuousClock.now - gistWallStart
            let rssAfter = BenchSupport.peakRSS
            print(String(format: "BENCH gist wall clock: floor %.3f s, gist %.3f s, ratio %.2f",
                         BenchSupport.wallSeconds(floorWall), BenchSupport.wallSeconds(gistWall),
                         BenchSupport.wallSeconds(gistWall) / BenchSupport.wallSeconds(floorWall)))
            print(String(format: "BENCH gist N=%d d=%d M=%d rank=%d: thread CPU floor sgemm %.3f s, gist %.3f s, ratio %.2f; peak RSS %.0f MB (before gist %.0f MB) = %.3fx candidate bytes %.0f MB",
                         n, d, m, result?.diagnostic("rank_used")?.intArray?.first ?? 0, floor, gist, gist / floor,
                         Double(rssAfter) / 1e6, Double(rssBefore) / 1e6, Double(rssAfter) / Double(matrixBytes), Double(matrixBytes) / 1e6))
            // Machine-readable figures for bench/bench.py (bench/results/sel-gist-tarot.jsonl).
            let shape = "N=\(n) d=\(d) M=\(m) rank 150 k=1000, pair \(rep), release, 1 BLAS thread"
            print(String(format: "BENCH-RESULT name=gist-cpu value=%.3f unit=s floor=%.3f note=thread CPU; floor: one sgemm; %@",
                         gist, floor, shape as NSString))
            print(String(format: "BENCH-RESULT name=gist-wall value=%.3f unit=s floor=%.3f note=wall clock of the same pair; %@",
                         BenchSupport.wallSeconds(gistWall), BenchSupport.wallSeconds(floorWall), shape as NSString))
            print(String(format: "BENCH-RESULT name=gist-peak-rss value=%.0f unit=MB floor=%.0f note=floor: the candidate bytes; %@",
                         Double(rssAfter) / 1e6, Double(matrixBytes) / 1e6, shape as NSString))
        }
        #expect(result?.order.count == 1000)
    }
}
