import Foundation
import LinearAlgebra
import Testing
import TextHashing
@testable import Selection

/// By-hand benchmarks of the selection methods of issue 16 (bench/sel-coverage/run.sh, figures in
/// bench/README-sel-coverage.md), each next to its floor measured in the same process right
/// before it, best of SHORTLIST_BENCH_REPS (default 2) by wall clock, on one thread, with the
/// load average on every line. The methods run as a job runs them, `quality` included
/// (`selectAndMeasure`). Off in the normal run; never asserts on time.
@Suite(.serialized) struct CoverageBenchTests {
    static let env = ProcessInfo.processInfo.environment
    static var enabled: Bool { env["SHORTLIST_BENCH_COVERAGE"] == "1" }
    static var reps: Int { BenchSupport.size("SHORTLIST_BENCH_REPS", 2) }

    static func f(_ x: Double) -> String { String(format: "%.3f", x) }

    /// The lowest wall-clock seconds of `reps` runs of `body`.
    static func bestWall(_ body: () throws -> Void) rethrows -> Double {
        var best = Double.infinity
        for _ in 0..<reps { best = min(best, try ParallelBenchTests.timed(body).wall) }
        return best
    }

    static func run(_ selector: any Selector.Type, _ input: SelectionInput, k: Int, _ parameters: Parameters) throws -> SelectionResult {
        try selector.selectAndMeasure(input, budget: .count(k), parameters: parameters, seed: 1, control: .none)
    }

    /// facility_location at N x D with M targets, k picks: S (one GEMM), the lazy greedy, quality
    /// from S, on W = 1 and on each width of SHORTLIST_BENCH_FL_WORKERS (default "1,2"). Floor: one
    /// sgemm M x N x D on the same number of threads (OpenBLAS threads for the floor, the job's
    /// workers for the method), measured right before it.
    @Test(.enabled(if: enabled))
    func bench_facilityLocation_AgainstOneSgemm() throws {
        BLAS.useSingleThread()
        let (n, d, m) = (BenchSupport.size("SHORTLIST_BENCH_N", 100_000), BenchSupport.size("SHORTLIST_BENCH_D", 8192), BenchSupport.size("SHORTLIST_BENCH_M", 200))
        let k = min(n, BenchSupport.size("SHORTLIST_BENCH_K", 10_000))
        let widths = (Self.env["SHORTLIST_BENCH_FL_WORKERS"] ?? "1,2").split(separator: ",").compactMap { Int($0) }
        let candidates = BenchSupport.gaussianish(rows: n, cols: d, seed: 1)
        let targets = BenchSupport.gaussianish(rows: m, cols: d, seed: 2)
        var orders: [[Int]] = []
        for w in widths {
            let floor = Self.bestWall { _ = ParallelBenchTests.floor(candidates, targets, threads: w) }
            var result: SelectionResult?
            let input = SelectionInput(candidates: candidates, targets: targets, workers: w)
            let wall = try Self.bestWall { result = try Self.run(FacilityLocationSelector.self, input, k: k, Parameters()) }
            orders.append(result?.order ?? [])
            let rounds = Set(result?.rounds ?? []).count
            print("BENCH facility_location N=\(n) D=\(d) M=\(m) k=\(k) W=\(w): wall \(Self.f(wall)) s, sgemm (\(w) threads) \(Self.f(floor)) s, ratio \(Self.f(wall / floor)), \(rounds) rounds, load \(ParallelBenchTests.loadAverage())")
            let name = w == 1 ? "facility_location-wall" : "facility_location-wall-w\(w)"
            print("BENCH-RESULT name=\(name) value=\(Self.f(wall)) unit=s floor=\(Self.f(floor)) note=N=\(n) D=\(d) M=\(m) k=\(k) W=\(w), \(rounds) rounds incl. fill, quality included; floor: one sgemm \(m)x\(n)x\(d), \(w) thread(s); goal ratio <= 1.5")
        }
        print("BENCH facility_location orders identical across widths: \(Set(orders).count <= 1)")
    }

    /// leverage (top) at N x D: the Gram pass, Cholesky, the per-row solves, then `quality`'s own
    /// pass over M targets. Floor: one dsyrk of the same rows in float64 plus one dpotrf.
    @Test(.enabled(if: enabled))
    func bench_leverage_AgainstDsyrkAndCholesky() throws {
        BLAS.useSingleThread()
        let (n, d, m) = (BenchSupport.size("SHORTLIST_BENCH_N", 100_000), BenchSupport.size("SHORTLIST_BENCH_LEVERAGE_D", 1024), BenchSupport.size("SHORTLIST_BENCH_M", 200))
        let candidates = BenchSupport.gaussianish(rows: n, cols: d, seed: 3)
        let targets = BenchSupport.gaussianish(rows: m, cols: d, seed: 4)
        let rows = candidates.values.map(Double.init)
        let floor = try Self.bestWall {
            var g = [Double](repeating: 0, count: d * d)
            rows.withUnsafeBufferPointer { x in
                g.withUnsafeMutableBufferPointer { c in
                    BLAS.dsyrk(transpose: true, n: d, k: n, a: x.baseAddress!, lda: d, c: c.baseAddress!, ldc: d)
                }
            }
            for i in 0..<d { g[i * d + i] += 1e-3 * Double(n) }
            for i in 0..<d { for j in 0..<i { g[i * d + j] = g[j * d + i] } }
            _ = try LAPACK.choleskyLower(DoubleMatrix(rows: d, cols: d, values: g))
        }
        let top = Parameters(["mode": .string("top")])
        let k = min(n, BenchSupport.size("SHORTLIST_BENCH_K", 10_000))
        let withoutTargets = SelectionInput(candidates: candidates, targets: Matrix(rows: 0, cols: d))
        let alone = try Self.bestWall { _ = try Self.run(LeverageSelector.self, withoutTargets, k: k, top) }
        let measured = try Self.bestWall { _ = try Self.run(LeverageSelector.self, SelectionInput(candidates: candidates, targets: targets), k: k, top) }
        print("BENCH leverage N=\(n) D=\(d): wall \(Self.f(alone)) s (with quality over M=\(m): \(Self.f(measured)) s), dsyrk+dpotrf \(Self.f(floor)) s, load \(ParallelBenchTests.loadAverage())")
        print("BENCH-RESULT name=leverage-wall value=\(Self.f(alone)) unit=s floor=\(Self.f(floor)) note=N=\(n) D=\(d) top, k = \(k), no targets; floor: one dsyrk (float64, the same rows) + one dpotrf, 1 thread")
        print("BENCH-RESULT name=leverage-with-quality-wall value=\(Self.f(measured)) unit=s floor=\(Self.f(alone)) note=the same with M=\(m) targets: quality's extra streamed pass; floor: leverage without targets")
    }

    /// dsir on N synthetic texts of 50 to 150 words (`SyntheticTexts`), targets from another word
    /// distribution: pass 1 over the texts (counts, and each text's buckets spilled to an unlinked
    /// file in the temporary directory), pass 2 over the spill, k = 10,000 by Gumbel top-k. Floor: one bare
    /// pass over the same texts that only tokenises and hashes them (unigrams and bigrams, FNV-1a),
    /// after a pass that only generates them (its time is in both). Peak RSS is the process's:
    /// run once per N (bench/sel-coverage/run.sh) to see that it does not grow with N.
    @Test(.enabled(if: enabled))
    func bench_dsir_AgainstTokenizingAndHashing() throws {
        let n = BenchSupport.size("SHORTLIST_BENCH_DSIR_N", 1_000_000)
        let candidates = SyntheticTexts(count: n, seed: 5, skew: 1)
        let targets = SyntheticTexts(count: 200, seed: 6, skew: 2)
        let generate = Self.bestWall { for i in 0..<n { _ = candidates.text(i) } }
        var sink: UInt64 = 0
        let floorPass = {
            for i in 0..<n {
                let tokens = TextTokenizer.tokenBytes(candidates.text(i))
                var previous: UInt64?
                for token in tokens {
                    let h = FNV1a.hash(token)
                    sink ^= h
                    if let p = previous { sink ^= FNV1a.hash(token, from: FNV1a.hash(byte: 0x20, from: p)) }
                    previous = h
                }
            }
        }
        let input = SelectionInput(texts: SelectionTexts(candidates: candidates, targets: targets), blockRows: 4096)
        let k = min(n, BenchSupport.size("SHORTLIST_BENCH_K", 10_000))
        var result: SelectionResult?
        // Floor and dsir alternate, so both see the same neighbours; the best wall and the best
        // process CPU of each are kept (CPU time moves less than wall time on a shared box).
        var (floor, floorCPU, wall, cpu) = (Double.infinity, Double.infinity, Double.infinity, Double.infinity)
        for _ in 0..<Self.reps {
            let f = ParallelBenchTests.timed(floorPass)
            let d = try ParallelBenchTests.timed { result = try Self.run(DSIRSelector.self, input, k: k, Parameters()) }
            (floor, floorCPU, wall, cpu) = (min(floor, f.wall), min(floorCPU, f.cpu), min(wall, d.wall), min(cpu, d.cpu))
        }
        let rss = BenchSupport.peakRSS / 1_000_000
        let (rate, floorRate) = (Double(n) / wall, Double(n) / floor)
        let (cpuRate, floorCPURate) = (Double(n) / cpu, Double(n) / floorCPU)
        print("BENCH dsir N=\(n): wall \(Self.f(wall)) s (\(Int(rate)) texts/s), tokenise+hash pass \(Self.f(floor)) s (\(Int(floorRate)) texts/s), CPU \(Self.f(cpu)) s vs \(Self.f(floorCPU)) s, generation alone \(Self.f(generate)) s, picked \(result?.order.count ?? 0), peak RSS \(rss) MB, sink \(sink & 1), load \(ParallelBenchTests.loadAverage())")
        print("BENCH-RESULT name=dsir-\(n)-texts-per-s value=\(Int(rate)) unit=texts/s floor=\(Int(floorRate)) note=wall, best of \(Self.reps); pass 1 over the texts (count + spill) + pass 2 over the spill + 200 targets, k = \(k) sample, 1 thread; floor: one pass that only tokenises and hashes (generation \(Self.f(generate)) s in both), 1 thread; goal ratio >= 0.7")
        print("BENCH-RESULT name=dsir-\(n)-cpu-texts-per-s value=\(Int(cpuRate)) unit=texts/s floor=\(Int(floorCPURate)) note=the same by process CPU time, best of \(Self.reps)")
        print("BENCH-RESULT name=dsir-\(n)-peak-rss value=\(rss) unit=MB note=VmHWM of the bench process, texts generated on the fly (none kept)")
    }
}
