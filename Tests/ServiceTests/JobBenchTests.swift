import Foundation
import LinearAlgebra
import Selection
@testable import Service
import Storage
import Testing

/// By-hand benchmark of a selection job against its floors, in one run (bench/jobs/run.sh):
/// N x d float32 candidates in a pool, M stored targets, round_robin k = 10,000. Figures:
/// the job from POST to result ready, (a) a bare SELECT reading the rows into memory, (b) the
/// M x N sgemm, and the job's core (resolve + stream + method, no result storing) with and
/// without read-ahead. Skipped unless SHORTLIST_BENCH is set; never asserts on time.
@Suite struct JobBenchTests {
    static let env = ProcessInfo.processInfo.environment
    static func setting(_ key: String, _ fallback: Int) -> Int { env[key].flatMap { Int($0) } ?? fallback }

    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// User + system CPU seconds of the whole process (every thread): robust to a shared box.
    static func processCPU() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// Wall and process-CPU seconds of `body`.
    static func measure(_ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
        let cpu = processCPU()
        let wall = try seconds(body)
        return (wall, processCPU() - cpu)
    }

    /// `body` on a thread at the job workers' niceness, so the floors get the same share of a
    /// shared box as the job they are compared with.
    static func atJobNiceness<T: Sendable>(_ body: @escaping @Sendable () throws -> T) throws -> T {
        let result = Locked<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            JobRunner.setCurrentThreadNiceness(JobRunner.defaultWorkerNiceness)
            result.withLock { $0 = Result { try body() } }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        done.wait()
        return try result.withLock { $0! }.get()
    }

    static func f(_ x: Double) -> String { String(format: "%.2f", x) }

    static func peakRSSMB() -> Int {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss / 1024
    }

    static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
    }

    /// Checkpoint labels of the candidate and target pools.
    static func labels(_ count: Int) -> [String] { count == 1 ? ["default"] : (0..<count).map { "c\($0)" } }

    @Test(.enabled(if: env["SHORTLIST_BENCH"] != nil))
    func bench_roundRobinJob_AgainstBareSelectAndSgemm() throws {
        let n = Self.setting("SHORTLIST_BENCH_N", 20_000)
        let d = Self.setting("SHORTLIST_BENCH_D", 8192)
        let m = Self.setting("SHORTLIST_BENCH_M", 200)
        let blockRows = Self.setting("SHORTLIST_BENCH_BLOCK", 4096)
        let labels = Self.labels(max(1, Self.setting("SHORTLIST_BENCH_CHECKPOINTS", 1)))
        let runs = max(1, Self.setting("SHORTLIST_BENCH_RUNS", 2))
        let k = min(n, 10_000)
        print("BENCH load average at start: \(Self.loadAverage())")
        let h = try ServiceHarness.make { $0.blockRows = blockRows }
        let seedTime = try Self.seconds {
            try Self.seed(h.service.database, n: n, m: m, d: d, labels: labels)
            h.service.database.drainCheckpoints()
        }
        print("BENCH seed \(n)x\(d) x \(labels.count) checkpoint(s) (\(labels.count * n * d * 4 / 1_000_000) MB) + \(m) targets: \(String(format: "%.1f", seedTime)) s")

        let load = Self.setting("SHORTLIST_BENCH_EXEMPLARS", 1) != 0 ? try ExemplarLoad(h) : nil
        if let load {
            _ = load.sequential(20)
            print("BENCH POST /v1/exemplars alone (10,000 x 384, lore, sequential): \(ExemplarLoad.summary(load.sequential(300)))")
        }

        let body = SelectionTestData.body(method: "round_robin", budget: .object(["k": .int(k)]))
        var job = (wall: Double.infinity, cpu: Double.infinity)
        var jobPeakMB = 0
        // The exemplar load runs in this process too: it would take CPU from the job, so the
        // job's time is the best of the runs without it, and one more run is made with it.
        for run in 0..<(runs + (load == nil ? 0 : 1)) {
            let loaded = run == runs ? load : nil
            let memory = ProcessMemorySampler()
            loaded?.start()
            let timed = try Self.measure {
                let id = try SelectionTestData.submit(h, body)
                let done = try SelectionTestData.waitFinished(h.client, id, timeout: 3600)
                #expect(done["status"]?.stringValue == "succeeded")
            }
            let during = loaded?.stop()
            let peaks = memory.stop()
            print("BENCH job POST -> result ready (block \(blockRows), read-ahead\(loaded == nil ? "" : ", exemplar load beside it")): wall \(Self.f(timed.wall)) s, process CPU \(Self.f(timed.cpu)) s; load average \(Self.loadAverage())")
            print("BENCH   peak RSS during the job: VmHWM \(peaks.hwm) MB (all resident pages, file-backed included); sampled every 10 ms: RssAnon \(peaks.anon) MB, RssFile \(peaks.file) MB")
            if let during {
                print("BENCH   POST /v1/exemplars during the job: \(ExemplarLoad.summary(during.latencies)); \(during.failures) not 200")
            }
            if loaded == nil, timed.wall < job.wall { (job, jobPeakMB) = (timed, peaks.hwm) }
        }

        if Self.setting("SHORTLIST_BENCH_CORE", 1) != 0 {
            for prefetch in [false, true] {
                let database = h.service.database
                let core = try Self.atJobNiceness { try Self.measure { try Self.jobCore(database, prefetch: prefetch, blockRows: blockRows, k: k) } }
                print("BENCH job core (resolve + stream + round_robin, no storing), read-ahead \(prefetch ? "on " : "off"): wall \(Self.f(core.wall)) s, CPU \(Self.f(core.cpu)) s")
            }
        }

        let database = h.service.database
        let (unmapped, mapped, gemm) = try Self.atJobNiceness { try Self.floors(database, n: n, d: d, m: m, labels: labels) }
        print("BENCH (a) bare SELECT of \(labels.count) x \(n) rows into memory, read(2) (unmapped reader): wall \(Self.f(unmapped.wall)) s, CPU \(Self.f(unmapped.cpu)) s")
        print("BENCH (a') the same through mmap (a mapped reader): wall \(Self.f(mapped.wall)) s, CPU \(Self.f(mapped.cpu)) s")
        print("BENCH (b) sgemm \(m)x\(n)x\(d) x \(labels.count): wall \(Self.f(gemm.wall)) s, CPU \(Self.f(gemm.cpu)) s (floors and job core at the job threads' niceness \(JobRunner.defaultWorkerNiceness))")
        for (name, a) in [("(a)", unmapped), ("(a')", mapped)] {
            print("BENCH best job / (\(name) + (b)): wall \(String(format: "%.3f", job.wall / (a.wall + gemm.wall))), CPU \(String(format: "%.3f", job.cpu / (a.cpu + gemm.cpu))); wall limit 1.25 x \(name) + (b) = \(Self.f(1.25 * a.wall + gemm.wall)) s")
        }
        // Machine-readable figures for bench/bench.py (bench/results/jobs.jsonl): the best job
        // against the floor (a) + (b), and against (a') + (b).
        let shape = "round_robin k=\(k), N=\(n) D=\(d) M=\(m), block \(blockRows), \(labels.count) checkpoint(s), best of \(runs), release"
        print("BENCH-RESULT name=job-wall value=\(Self.f(job.wall)) unit=s floor=\(Self.f(unmapped.wall + gemm.wall)) note=POST -> result ready; floor: bare SELECT (read(2)) + sgemm; \(shape)")
        print("BENCH-RESULT name=job-cpu value=\(Self.f(job.cpu)) unit=s floor=\(Self.f(unmapped.cpu + gemm.cpu)) note=process CPU; floor: bare SELECT (read(2)) + sgemm; \(shape)")
        print("BENCH-RESULT name=job-wall-vs-mmap value=\(Self.f(job.wall)) unit=s floor=\(Self.f(mapped.wall + gemm.wall)) note=floor: bare SELECT through mmap + sgemm; \(shape)")
        print("BENCH-RESULT name=job-peak-rss value=\(jobPeakMB) unit=MB floor=\(labels.count * n * d * 4 / 1_000_000) note=VmHWM during the best job; floor: the candidate bytes of one checkpoint set; \(shape)")
        print("BENCH load average at the end: \(Self.loadAverage())")
    }

    typealias Timing = (wall: Double, cpu: Double)

    /// (a) the bare SELECT through read(2), (a') through mmap, (b) the sgemm; summed over checkpoints.
    static func floors(_ database: DatabasePool, n: Int, d: Int, m: Int, labels: [String]) throws -> (Timing, Timing, Timing) {
        let targets = Matrix(rows: m, cols: d, values: (0..<(m * d)).map { Float($0 % 97) / 97 })
        var candidates = [Float](repeating: 0, count: n * d)
        var unmapped = (wall: 0.0, cpu: 0.0), mapped = (wall: 0.0, cpu: 0.0), gemm = (wall: 0.0, cpu: 0.0)
        for label in labels {
            let u = try Self.measure { try Self.bareSelect(database, label: label, mapped: false, into: &candidates) }
            let a = try Self.measure { try Self.bareSelect(database, label: label, mapped: true, into: &candidates) }
            let matrix = Matrix(rows: n, cols: d, values: candidates)
            let b = try Self.measure { _ = try targets.multiplied(by: matrix, transposeOther: true) }
            unmapped = (unmapped.wall + u.wall, unmapped.cpu + u.cpu)
            mapped = (mapped.wall + a.wall, mapped.cpu + a.cpu)
            gemm = (gemm.wall + b.wall, gemm.cpu + b.cpu)
        }
        return (unmapped, mapped, gemm)
    }

    /// Pool `cands` (n rows) and `tgts` (m rows), feature `emb` with one checkpoint per label,
    /// rows generated one at a time, one write transaction per checkpoint (bounded WAL).
    static func seed(_ database: DatabasePool, n: Int, m: Int, d: Int, labels: [String]) throws {
        for (name, rows, salt) in [("cands", n, 1), ("tgts", m, 2)] {
            let feature = try database.write { db in
                let pool = try db.createPool(name: name)
                _ = try db.upsertItems(poolID: pool.id, (0..<rows).map { ItemInput(extID: SelectionTestData.itemID($0), text: "t") })
                return try db.createFeature(poolID: pool.id, name: "emb")
            }
            for (c, label) in labels.enumerated() {
                try database.write { db in
                    let checkpoint = try db.createCheckpoint(featureID: feature.id, label: label, dim: d)
                    let writer = try FeatureRowWriter(db: db, checkpoint: checkpoint, mode: .replaceAll)
                    var rng = SplitMix64(seed: UInt64(salt + 10 * c))
                    var row = [Float](repeating: 0, count: d)
                    for key in try db.itemKeys(poolID: feature.poolID) {
                        for i in 0..<d { row[i] = Float(Int64(bitPattern: rng.next()) >> 40) / Float(1 << 23) }
                        try writer.append(itemRowID: key.rowID, vector: row)
                    }
                    try writer.commit()
                }
                database.drainCheckpoints()
            }
        }
    }

    static func jobCore(_ database: DatabasePool, prefetch: Bool, blockRows: Int, k: Int) throws {
        let request = try SelectionRequest.parse(SelectionTestData.body(method: "round_robin", budget: .object(["k": .int(k)])))
        _ = try database.read(mapped: false) { db in
            let plan = try SelectionPlan.resolve(request, in: db, missing: .notFound)
            _ = try db.itemKeys(poolID: plan.pool.id)
            let sources: [any RowBlockSource] = plan.checkpoints.map {
                StoredRowBlockSource(db: db, checkpoint: $0, poolID: plan.pool.id, rowCount: plan.candidateCount, prefetch: prefetch)
            }
            return try RoundRobinSelector.select(plan.input(sources: sources, blockRows: blockRows), budget: request.budget,
                                                 parameters: Parameters(), seed: nil, control: .none)
        }
    }

    /// The floor: one statement, every BLOB memcpy'd into one buffer.
    static func bareSelect(_ database: DatabasePool, label: String, mapped: Bool, into values: inout [Float]) throws {
        try database.read(mapped: mapped) { db in
            let pool = try db.requirePool(named: "cands")
            let feature = try #require(try db.feature(poolID: pool.id, name: "emb"))
            let checkpoint = try #require(try db.checkpoint(featureID: feature.id, label: label))
            let statement = try db.prepare("SELECT vector FROM feature_rows WHERE checkpoint_id = ? ORDER BY item_id")
            try statement.bind(checkpoint.id, at: 1)
            let rowBytes = checkpoint.dim * 4
            try values.withUnsafeMutableBytes { out in
                var offset = 0
                while try statement.step(), offset + rowBytes <= out.count {
                    _ = statement.copyBlob(at: 0, into: out.baseAddress! + offset, capacity: rowBytes)
                    offset += rowBytes
                }
            }
        }
    }
}
