import Foundation
import LinearAlgebra
import Selection
@testable import Service
import Storage
import Testing
import TestSupport

/// By-hand benchmark of selection jobs through the API on 1 and W job threads (bench/jobs/run.sh
/// with SHORTLIST_BENCH_PARALLEL_JOB=1, figures in bench/README-parallel.md): one database of
/// N x D candidates and M targets, each method's job from POST to result ready at W = 1 and W,
/// then again with POST /v1/exemplars and GET /healthz sent one after the other beside it
/// (their p50/p99), the job's peak RSS against (1.1 + 0.1 W) x one checkpoint's bytes, and its
/// floors in the same run: the block reader alone with 1 and W connections (SQLite read rate)
/// and one sgemm M x N x D on 1 and W OpenBLAS threads. Never asserts on time.
@Suite(.serialized) struct JobParallelBenchTests {
    static var enabled: Bool { JobBenchTests.env["SHORTLIST_BENCH_PARALLEL_JOB"] == "1" }
    static func f(_ x: Double) -> String { JobBenchTests.f(x) }

    @Test(.enabled(if: enabled))
    func bench_jobsOnOneAndWThreads_WithRequestsBeside() throws {
        let setting = JobBenchTests.setting
        let (n, d, m, w) = (setting("SHORTLIST_BENCH_N", 100_000), setting("SHORTLIST_BENCH_D", 8192), setting("SHORTLIST_BENCH_M", 200), setting("SHORTLIST_BENCH_WORKERS", 2))
        let methods = (JobBenchTests.env["SHORTLIST_BENCH_METHODS"] ?? "less,round_robin,uot,knn_uniform,gist")
            .split(separator: ",").map(String.init)
        let k = min(n, 10_000)
        let checkpointBytes = Double(n * d * 4)
        let temporary = try TemporaryDirectory("parallel")
        let path = temporary.databasePath
        print("BENCH parallel jobs N=\(n) D=\(d) M=\(m) W=\(w), checkpoint \(Int(checkpointBytes / 1e6)) MB, load \(JobBenchTests.loadAverage())")
        do {
            let h = try ServiceHarness.make { $0.databasePath = path }
            let seeded = try JobBenchTests.seconds { try JobBenchTests.seed(h.service.database, n: n, m: m, d: d, labels: ["default"]) }
            print("BENCH seed: \(Self.f(seeded)) s")
        }
        var figures: [String] = []  // BENCH-RESULT bodies; floors are known at the end
        var jobWall: [String: [Int: Double]] = [:]
        for workers in [1, w] {
            let h = try ServiceHarness.make {
                $0.databasePath = path
                $0.jobThreads = workers
            }
            let database = h.service.database
            let read = try JobBenchTests.atJobNiceness { try JobBenchTests.measure { try Self.readAll(database, connections: workers) } }
            print("BENCH W=\(workers) block reader alone, \(workers) connection(s): wall \(Self.f(read.wall)) s, CPU \(Self.f(read.cpu)) s,"
                + " \(Self.f(checkpointBytes / read.wall / 1e9)) GB/s, \(Self.f(checkpointBytes / read.cpu / 1e9)) GB per CPU-second; load \(JobBenchTests.loadAverage())")
            figures.append("name=reader-\(workers)-connections value=\(Self.f(checkpointBytes / read.wall / 1e9)) unit=GB/s note=the job's block reader alone, \(Self.f(read.cpu)) CPU s")
            let load = try ExemplarLoad(h, pool: "ex\(workers)")
            _ = load.sequential(20)
            let alone = load.sequential(200)
            print("BENCH W=\(workers) alone: POST /v1/exemplars \(ExemplarLoad.summary(alone));"
                + " GET /healthz \(ExemplarLoad.summary((0..<200).compactMap { _ in load.once(healthz: true) }))")
            for method in methods {
                let body = SelectionTestData.body(method: method, budget: .object(["k": .int(k)]))
                for beside in [false, true] {
                    let memory = ProcessMemorySampler()
                    if beside { load.start(healthz: true) }
                    let timed = try JobBenchTests.measure {
                        let id = try SelectionTestData.submit(h, body)
                        let done = try SelectionTestData.waitFinished(h.client, id, timeout: 3600)
                        #expect(done["status"]?.stringValue == "succeeded", "\(method): \(done)")
                    }
                    let during = beside ? load.stop() : nil
                    let peaks = memory.stop()
                    print("BENCH W=\(workers) \(method)\(beside ? " (requests beside)" : ""): wall \(Self.f(timed.wall)) s, process CPU \(Self.f(timed.cpu)) s"
                        + " (CPU / wall \(Self.f(timed.cpu / timed.wall))); peak RSS VmHWM \(peaks.hwm) MB = \(Self.f(Double(peaks.hwm) * 1e6 / checkpointBytes)) x checkpoint"
                        + " (goal <= \(Self.f(1.1 + 0.1 * Double(workers)))), RssAnon \(peaks.anon) MB; load \(JobBenchTests.loadAverage())")
                    if let during {
                        print("BENCH W=\(workers)   beside it: POST /v1/exemplars \(ExemplarLoad.summary(during.latencies)); GET /healthz \(ExemplarLoad.summary(during.healthz)); \(during.failures) not 200")
                        let p99 = { (values: [Double]) in Self.f(ExemplarLoad.quantile(values, 0.99) ?? .nan) }
                        figures.append("name=job-\(method)-W\(workers)-exemplars-p99-beside value=\(p99(during.latencies)) unit=ms floor=\(p99(alone)) note=floor: p99 with no job running; \(during.failures) not 200")
                        figures.append("name=job-\(method)-W\(workers)-healthz-p99-beside value=\(p99(during.healthz)) unit=ms")
                    } else {
                        jobWall[method, default: [:]][workers] = timed.wall
                        figures.append("name=job-\(method)-W\(workers)-peak-rss value=\(peaks.hwm) unit=MB floor=\(Int(checkpointBytes / 1e6)) note=VmHWM vs one checkpoint's bytes; goal ratio <= \(Self.f(1.1 + 0.1 * Double(workers)))")
                    }
                }
            }
        }
        let h = try ServiceHarness.make { $0.databasePath = path }
        let database = h.service.database
        let gemm = try JobBenchTests.atJobNiceness { try Self.sgemmFloors(database, n: n, d: d, m: m, threads: [1, w]) }
        for (threads, t) in gemm {
            print("BENCH floor sgemm \(m)x\(n)x\(d) on \(threads) OpenBLAS thread(s): wall \(Self.f(t.wall)) s, CPU \(Self.f(t.cpu)) s; load \(JobBenchTests.loadAverage())")
        }
        // Machine-readable figures for bench/bench.py (bench/results/jobs-parallel.jsonl).
        let floorWall = Dictionary(uniqueKeysWithValues: gemm.map { ($0.0, $0.1.wall) })
        for (method, walls) in jobWall.sorted(by: { $0.key < $1.key }) {
            for (workers, wall) in walls.sorted(by: { $0.key < $1.key }) {
                print("BENCH-RESULT name=job-\(method)-W\(workers)-wall value=\(Self.f(wall)) unit=s floor=\(Self.f(floorWall[workers] ?? .nan)) note=POST /v1/selections to succeeded, k = \(k); floor: one sgemm \(m)x\(n)x\(d) on \(workers) thread(s)")
            }
            if let one = walls[1], let many = walls[w], let f1 = floorWall[1], let fw = floorWall[w] {
                print("BENCH-RESULT name=job-\(method)-W\(w)-speedup value=\(Self.f(one / many)) unit=x floor=\(Self.f(f1 / fw)) note=floor: the sgemm's own speedup")
            }
        }
        for figure in figures { print("BENCH-RESULT \(figure)") }
    }

    /// The job's block reader with `connections` connections in one snapshot, every block
    /// delivered to a consumer that only touches it.
    static func readAll(_ database: DatabasePool, connections: Int) throws {
        try database.read(mapped: false, companions: connections - 1) { db, companions in
            let pool = try db.requirePool(named: "cands")
            let feature = try #require(try db.feature(poolID: pool.id, name: "emb"))
            let checkpoint = try #require(try db.checkpoint(featureID: feature.id, label: "default"))
            let rows = try db.completeRowCount(checkpoint: checkpoint, poolID: pool.id)
            let source = StoredRowBlockSource(db: db, companions: companions, checkpoint: checkpoint, poolID: pool.id, rowCount: rows)
            var touched: Float = 0
            try source.forEachBlock(maxRows: max(4096, connections * 2048)) { _, _, values in touched += values[0] }
            #expect(touched.isFinite)
        }
    }

    /// The candidates read into memory once, then one sgemm on each thread count.
    static func sgemmFloors(_ database: DatabasePool, n: Int, d: Int, m: Int, threads: [Int]) throws -> [(Int, JobBenchTests.Timing)] {
        var candidates = [Float](repeating: 0, count: n * d)
        try JobBenchTests.bareSelect(database, label: "default", mapped: false, into: &candidates)
        let matrix = Matrix(rows: n, cols: d, values: candidates)
        let targets = Matrix(rows: m, cols: d, values: (0..<(m * d)).map { Float($0 % 97) / 97 })
        return try threads.map { count in
            (count, try JobBenchTests.measure { _ = try BLAS.withThreads(count) { try targets.multiplied(by: matrix, transposeOther: true) } })
        }
    }
}
