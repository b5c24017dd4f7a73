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

    static func f(_ x: Double) -> String { String(format: "%.2f", x) }

    static func peakRSSMB() -> Int {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss / 1024
    }

    @Test(.enabled(if: env["SHORTLIST_BENCH"] != nil))
    func bench_roundRobinJob_AgainstBareSelectAndSgemm() throws {
        let n = Self.setting("SHORTLIST_BENCH_N", 20_000)
        let d = Self.setting("SHORTLIST_BENCH_D", 8192)
        let m = Self.setting("SHORTLIST_BENCH_M", 200)
        let blockRows = Self.setting("SHORTLIST_BENCH_BLOCK", 4096)
        let k = min(n, 10_000)
        let h = try ServiceHarness.make { $0.blockRows = blockRows }
        let seedTime = try Self.seconds { try Self.seed(h.service.database, n: n, m: m, d: d) }
        print("BENCH seed \(n)x\(d) (\(n * d * 4 / 1_000_000) MB) + \(m) targets: \(String(format: "%.1f", seedTime)) s; peak RSS \(Self.peakRSSMB()) MB")

        let body = SelectionTestData.body(method: "round_robin", budget: .object(["k": .int(k)]))
        var job = (wall: Double.infinity, cpu: Double.infinity)
        for _ in 0..<2 {
            let run = try Self.measure {
                let id = try SelectionTestData.submit(h, body)
                let done = try SelectionTestData.waitFinished(h.client, id, timeout: 3600)
                #expect(done["status"]?.stringValue == "succeeded")
            }
            print("BENCH job POST -> result ready (block \(blockRows), read-ahead): wall \(Self.f(run.wall)) s, process CPU \(Self.f(run.cpu)) s")
            if run.wall < job.wall { job = run }
        }
        print("BENCH peak RSS after the jobs \(Self.peakRSSMB()) MB (includes SQLite's mmap of the database file)")

        for prefetch in [false, true] {
            let core = try Self.measure { try Self.jobCore(h.service.database, prefetch: prefetch, blockRows: blockRows, k: k) }
            print("BENCH job core (resolve + stream + round_robin, no storing), read-ahead \(prefetch ? "on " : "off"): wall \(Self.f(core.wall)) s, CPU \(Self.f(core.cpu)) s")
        }

        var candidates = [Float](repeating: 0, count: n * d)
        let select = try Self.measure { try Self.bareSelect(h.service.database, into: &candidates) }
        print("BENCH (a) bare SELECT of \(n) rows into memory: wall \(Self.f(select.wall)) s, CPU \(Self.f(select.cpu)) s")
        let targets = Matrix(rows: m, cols: d, values: (0..<(m * d)).map { Float($0 % 97) / 97 })
        let matrix = Matrix(rows: n, cols: d, values: candidates)
        candidates = []
        var product: Matrix?
        let gemm = try Self.measure { product = try targets.multiplied(by: matrix, transposeOther: true) }
        print("BENCH (b) sgemm \(m)x\(n)x\(d): wall \(Self.f(gemm.wall)) s, CPU \(Self.f(gemm.cpu)) s (\(product?.rows ?? 0)x\(product?.cols ?? 0))")
        print("BENCH best job / ((a) + (b)): wall \(String(format: "%.3f", job.wall / (select.wall + gemm.wall))), CPU \(String(format: "%.3f", job.cpu / (select.cpu + gemm.cpu))); wall limit 1.25 x (a) + (b) = \(Self.f(1.25 * select.wall + gemm.wall)) s")
    }

    /// Pool `cands` (n rows) and `tgts` (m rows), feature `emb`, rows generated one at a time.
    static func seed(_ database: DatabasePool, n: Int, m: Int, d: Int) throws {
        for (name, rows, salt) in [("cands", n, 1), ("tgts", m, 2)] {
            try database.write { db in
                let pool = try db.createPool(name: name)
                _ = try db.upsertItems(poolID: pool.id, (0..<rows).map { ItemInput(extID: SelectionTestData.itemID($0), text: "t") })
                let feature = try db.createFeature(poolID: pool.id, name: "emb")
                let checkpoint = try db.createCheckpoint(featureID: feature.id, label: "default", dim: d)
                let writer = try FeatureRowWriter(db: db, checkpoint: checkpoint, mode: .replaceAll)
                var rng = SplitMix64(seed: UInt64(salt))
                var row = [Float](repeating: 0, count: d)
                for key in try db.itemKeys(poolID: pool.id) {
                    for c in 0..<d { row[c] = Float(Int64(bitPattern: rng.next()) >> 40) / Float(1 << 23) }
                    try writer.append(itemRowID: key.rowID, vector: row)
                }
                try writer.commit()
            }
        }
    }

    static func jobCore(_ database: DatabasePool, prefetch: Bool, blockRows: Int, k: Int) throws {
        let request = try SelectionRequest.parse(SelectionTestData.body(method: "round_robin", budget: .object(["k": .int(k)])))
        _ = try database.read { db in
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
    static func bareSelect(_ database: DatabasePool, into values: inout [Float]) throws {
        try database.read { db in
            let pool = try db.requirePool(named: "cands")
            let feature = try #require(try db.feature(poolID: pool.id, name: "emb"))
            let checkpoint = try db.checkpoints(featureID: feature.id)[0]
            let statement = try db.prepare("SELECT vector FROM feature_rows WHERE checkpoint_id = ? ORDER BY item_id")
            try statement.bind(checkpoint.id, at: 1)
            let rowBytes = checkpoint.dim * 4
            try values.withUnsafeMutableBytes { out in
                var offset = 0
                while try statement.step() {
                    _ = statement.copyBlob(at: 0, into: out.baseAddress! + offset, capacity: rowBytes)
                    offset += rowBytes
                }
            }
        }
    }
}
