import Foundation
import JSON
import LinearAlgebra
import Selection
@testable import Service
import Storage
import Testing
import TestSupport

/// A real `shortlist serve` child process is SIGKILLed while a job runs; started again on the
/// same database, it runs the job again to the same ordering as an uninterrupted run.
@Suite struct JobRestartTests {
    static func serve(db: String, jobThreads: Int) throws -> ServiceProcess {
        try ServiceProcess.serve(db: db, extra: ["--block-rows", "300", "--job-threads", "\(jobThreads)"])
    }

    /// On 1 and on 4 job threads: the rerun, and the single-threaded reference, agree bit for bit.
    @Test(.enabled(if: ServiceProcess.isBuilt), arguments: [1, 4])
    func sigkill_DuringARunningJob_ThenRestart_CompletesWithTheUninterruptedOrdering(_ jobThreads: Int) throws {
        let temporary = try TemporaryDirectory("restart")
        let db = temporary.databasePath
        let candidates = SelectionTestData.matrix(rows: 2000, cols: 16, seed: 11)
        let targets = SelectionTestData.matrix(rows: 50, cols: 16, seed: 12)
        try Self.seed(db: db, candidates: candidates, targets: targets)

        let params: JSONValue = .object(["reg_m": .double(1000), "max_iter": .int(500), "tol": .double(1e-300)])
        var child = try Self.serve(db: db, jobThreads: jobThreads)
        var client = TestHTTPClient(port: child.port)
        let r = try client.json("POST", "/v1/selections", SelectionTestData.body(method: "uot", budget: .object(["k": .int(50)]), params: params))
        #expect(r.status == 202, "\(r.text)")
        let id = try #require(try r.json()["id"]?.stringValue)
        // Killed only once the job reports work done, so it was running (not queued) when killed.
        let working = try SelectionTestData.waitUntilWorking(client, id)
        #expect(working["status"]?.stringValue == "running")
        #expect(child.kill9())

        child = try Self.serve(db: db, jobThreads: jobThreads)
        client = TestHTTPClient(port: child.port)
        let job = try SelectionTestData.waitFinished(client, id, timeout: 120)
        #expect(job["status"]?.stringValue == "succeeded", "\(job)")
        let rows = try SelectionTestData.selected(client, id)
        // The service runs BLAS on one thread; so must the reference run, for the same sums.
        BLAS.useSingleThread()
        let expected = try UOTSelector.select(
            SelectionInput(candidates: candidates, targets: targets), budget: .count(50),
            parameters: Parameters(["reg_m": .double(1000), "max_iter": .int(500), "tol": .double(1e-300)]), seed: nil, control: .none)
        #expect(rows.map { $0["index"]?.intValue ?? -1 } == expected.order)
        #expect(rows.map { $0["score"]?.doubleValue } == (expected.scores ?? []).map { Optional($0) })
        #expect(rows.count == 50)
    }

    /// Pools `cands` and `tgts` with feature `emb`, written before any server runs.
    static func seed(db: String, candidates: Matrix, targets: Matrix, pool: DatabasePool? = nil) throws {
        let database = try pool ?? DatabasePool(path: db)
        for (name, matrix) in [("cands", candidates), ("tgts", targets)] {
            try database.write { db in
                let pool = try db.createPool(name: name)
                _ = try db.upsertItems(poolID: pool.id, (0..<matrix.rows).map { ItemInput(extID: SelectionTestData.itemID($0), text: "t") })
            }
            try SelectionTestData.writeFeature(database, pool: name, feature: "emb", matrix)
        }
    }
}
