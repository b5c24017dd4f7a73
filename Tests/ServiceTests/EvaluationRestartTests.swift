import Foundation
import JSON
import Storage
import Testing
@testable import Service
import TestSupport

/// A real `shortlist serve` is SIGKILLed in the middle of an evaluation; started again on the
/// same database it resumes: the pairs stored before the kill are neither asked again nor
/// rewritten, and the result equals an uninterrupted run's.
@Suite struct EvaluationRestartTests {
    static func serve(db: String, stub: StubLLM) throws -> ServiceProcess {
        try ServiceProcess.serve(db: db, extra: ["--llm-base-url", stub.baseURL, "--llm-model", "stub-chat",
                                                             "--embed-base-url", stub.baseURL, "--embed-model", "stub-embed"])
    }

    @Test(.enabled(if: ServiceProcess.isBuilt))
    func sigkill_MidEvaluation_ThenRestart_ResumesWithoutReasking_AndEqualsAnUninterruptedRun() throws {
        // The uninterrupted reference, in process, with its own stub and database.
        let referenceStub = try EvaluationJobTests.scriptedStub()
        let reference = try EvaluationJobTests.harness(referenceStub)
        try EvaluationFixture.seed(reference)
        let (_, expected) = try EvaluationJobTests.run(reference)
        let uninterruptedCalls = try referenceStub.count("chat")

        let temporary = try TemporaryDirectory("eval-restart")
        let db = temporary.databasePath
        let database = try DatabasePool(path: db)
        try database.write { db in
            let pool = try db.createPool(name: "p")
            _ = try db.upsertItems(poolID: pool.id, EvaluationFixture.items())
            let f = try db.featureOrCreate(poolID: pool.id, name: "embedding", embedder: "openai-compatible", model: "stub-embed")
            let cp = try db.createCheckpoint(featureID: f.id, label: "default", dim: 8)
            let writer = try FeatureRowWriter(db: db, checkpoint: cp, mode: .upsert)
            for (key, v) in zip(try db.itemKeys(poolID: pool.id), EvaluationFixture.vectors()) { try writer.append(itemRowID: key.rowID, vector: v) }
            try writer.commit()
        }

        let stub = try EvaluationJobTests.scriptedStub()
        try stub.control(["mode": "slow", "delay_ms": 60])
        var child = try Self.serve(db: db, stub: stub)
        var client = TestHTTPClient(port: child.port)
        let r = try client.json("POST", "/v1/evaluations", EvaluationFixture.body())
        try #require(r.status == 202, "\(r.text)")
        let id = try #require(try r.json()["id"]?.stringValue)
        // Killed once some pairs are stored (the job is running, not queued).
        _ = try SelectionTestData.waitUntil(client, id, timeout: 60) { job in (job["progress"]?["done"]?.intValue ?? 0) >= 5 }
        #expect(child.kill9())
        let before = try database.read { db in try db.evaluationPairs(jobID: id) }
        #expect(before.count >= 5 && before.count < 36)

        try stub.control(["mode": "ok"])
        child = try Self.serve(db: db, stub: stub)
        client = TestHTTPClient(port: child.port)
        let job = try SelectionTestData.waitFinished(client, id, timeout: 120)
        #expect(job["status"] == .string("succeeded"), "\(job)")
        let result = try client.json("GET", "/v1/jobs/\(id)/result").json()
        // The stored pairs were taken as they were: counted as resumed, rows unchanged.
        #expect(result["diagnostics"]?["pairs_resumed"] == .int(before.count))
        #expect(result["diagnostics"]?["pairs_run"] == .int(36 - before.count))
        let after = try database.read { db in try db.evaluationPairs(jobID: id) }
        #expect(Array(after.filter { p in before.contains { $0.queryIndex == p.queryIndex && $0.armIndex == p.armIndex } }) == before)
        // Every distinct prompt went upstream once, plus at most the one in flight at the kill
        // (asked, never answered to the killed process).
        let calls = try stub.count("chat")
        #expect(calls >= uninterruptedCalls && calls <= uninterruptedCalls + 1, "\(calls) vs \(uninterruptedCalls)")
        #expect(EvaluationFixture.comparable(result) == EvaluationFixture.comparable(expected))
    }
}
