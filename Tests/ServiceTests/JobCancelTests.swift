import Foundation
import JSON
import Selection
@testable import Service
import Testing

/// Cancelling, queueing order, failures and the result route's refusals.
@Suite struct JobCancelTests {
    /// cands: 2000 x 16, tgts: 50 x 16 (with reg_m 1000 a UOT iteration costs ~5 ms in a debug
    /// build and does not converge for thousands of iterations).
    static func harness(jobThreads: Int = 1) throws -> ServiceHarness {
        let h = try ServiceHarness.make {
            $0.blockRows = 500
            $0.jobThreads = jobThreads
        }
        try SelectionTestData.pool(h, "cands", n: 2000, d: 16, seed: 1)
        try SelectionTestData.pool(h, "tgts", n: 50, d: 16, seed: 2)
        return h
    }

    static func slowUOT(iterations: Int) -> JSONValue {
        SelectionTestData.body(method: "uot", params: .object([
            "reg_m": .double(1000), "max_iter": .int(iterations), "tol": .double(1e-300),
        ]))
    }

    /// A job that runs until cancelled (days of iterations).
    static let endless = slowUOT(iterations: 100_000_000)

    @Test(arguments: [1, 4])
    func cancel_RunningJob_IsCancelledWithinAGenerousMargin_AndHasNoResult(_ jobThreads: Int) throws {
        let h = try Self.harness(jobThreads: jobThreads)
        let id = try SelectionTestData.submit(h, Self.endless)
        _ = try SelectionTestData.waitUntilWorking(h.client, id)
        let asked = Date()
        let r = try h.client.json("POST", "/v1/jobs/\(id)/cancel")
        #expect(r.status == 202, "\(r.text)")
        #expect(try r.json()["object"]?.stringValue == "job")
        let job = try SelectionTestData.waitFinished(h.client, id, timeout: 10)
        #expect(job["status"]?.stringValue == "cancelled")
        #expect(job["error"] == nil)
        #expect(Date().timeIntervalSince(asked) < 5)
        let result = try h.client.json("GET", "/v1/jobs/\(id)/result")
        #expect(result.status == 409)
        #expect(result.text.contains("cancelled"))
        #expect(try h.client.json("POST", "/v1/jobs/\(id)/cancel").status == 409)
    }

    @Test func cancel_FinishedJob_Is409_AndUnknownJob_Is404() throws {
        let h = try Self.harness()
        let id = try SelectionTestData.submit(h, SelectionTestData.body(method: "round_robin"))
        #expect(try SelectionTestData.waitFinished(h.client, id)["status"]?.stringValue == "succeeded")
        let r = try h.client.json("POST", "/v1/jobs/\(id)/cancel")
        #expect(r.status == 409)
        #expect(r.errorType == "conflict")
        #expect(try SelectionTestData.waitFinished(h.client, id)["status"]?.stringValue == "succeeded")
        #expect(try h.client.json("POST", "/v1/jobs/nope/cancel").status == 404)
        #expect(try h.client.json("GET", "/v1/jobs/nope").status == 404)
        #expect(try h.client.json("GET", "/v1/jobs/nope/result").status == 404)
    }

    @Test func queuedJob_WaitsBehindTheRunningOne_AndIsCancelledAtOnce() throws {
        let h = try Self.harness()
        let first = try SelectionTestData.submit(h, Self.endless)
        let second = try SelectionTestData.submit(h, SelectionTestData.body(method: "round_robin"))
        _ = try SelectionTestData.waitFor(h.client, first, timeout: 30) { $0 == "running" }
        let queued = try h.client.json("GET", "/v1/jobs/\(second)/result")
        #expect(queued.status == 409)
        #expect(queued.text.contains("queued"))
        let running = try h.client.json("GET", "/v1/jobs/\(first)/result")
        #expect(running.status == 409)
        #expect(running.text.contains("running"))
        #expect(try h.client.json("POST", "/v1/jobs/\(second)/cancel").status == 202)
        #expect(try h.client.json("GET", "/v1/jobs/\(second)").json()["status"]?.stringValue == "cancelled")
        #expect(try h.client.json("POST", "/v1/jobs/\(first)/cancel").status == 202)
        #expect(try SelectionTestData.waitFinished(h.client, first, timeout: 10)["status"]?.stringValue == "cancelled")
        #expect(try h.client.json("GET", "/v1/jobs/\(second)").json()["started_at"] == .null)
    }

    @Test func twoJobsQueuedAtOnce_RunInOrder() throws {
        let h = try Self.harness()
        let first = try SelectionTestData.submit(h, Self.slowUOT(iterations: 150))
        let second = try SelectionTestData.submit(h, SelectionTestData.body(method: "round_robin"))
        let a = try SelectionTestData.waitFinished(h.client, first)
        let b = try SelectionTestData.waitFinished(h.client, second)
        #expect(a["status"]?.stringValue == "succeeded")
        #expect(b["status"]?.stringValue == "succeeded")
        let aFinished = try #require(a["finished_at"]?.stringValue)
        let bStarted = try #require(b["started_at"]?.stringValue)
        #expect(aFinished <= bStarted)
        let list = try h.client.json("GET", "/v1/jobs").json()["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
        #expect(list == [second, first])
    }

    @Test func jobOnAPoolDeletedWhileQueued_FailsWithNotFound_AndTheServiceStaysUp() throws {
        let h = try Self.harness()
        try SelectionTestData.pool(h, "doomed", n: 20, d: 16, seed: 3)
        let first = try SelectionTestData.submit(h, Self.endless)
        let second = try SelectionTestData.submit(h, SelectionTestData.body(method: "random", candidates: "doomed", targets: nil))
        _ = try SelectionTestData.waitFor(h.client, first, timeout: 30) { $0 == "running" }
        #expect(try h.client.json("DELETE", "/v1/pools/doomed").status == 204)
        #expect(try h.client.json("POST", "/v1/jobs/\(first)/cancel").status == 202)
        let failed = try SelectionTestData.waitFinished(h.client, second)
        #expect(failed["status"]?.stringValue == "failed")
        #expect(failed["error"]?["type"]?.stringValue == "not_found")
        #expect(failed["error"]?["param"]?.stringValue == "candidates.pool")
        let result = try h.client.json("GET", "/v1/jobs/\(second)/result")
        #expect(result.status == 409)
        #expect(result.text.contains("failed"))
        #expect(try h.client.json("GET", "/healthz").status == 200)
        let after = try SelectionTestData.submit(h, SelectionTestData.body(method: "round_robin"))
        #expect(try SelectionTestData.waitFinished(h.client, after)["status"]?.stringValue == "succeeded")
    }

    @Test func jobListing_IsNewestFirst_AndPaginated() throws {
        let h = try Self.harness()
        var ids: [String] = []
        for _ in 0..<3 { ids.append(try SelectionTestData.submit(h, SelectionTestData.body(method: "random", targets: nil))) }
        let page1 = try h.client.json("GET", "/v1/jobs?limit=2").json()
        #expect(page1["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [ids[2], ids[1]])
        let cursor = try #require(page1["next_cursor"]?.stringValue)
        let page2 = try h.client.json("GET", "/v1/jobs?limit=2&cursor=\(cursor)").json()
        #expect(page2["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [ids[0]])
        #expect(page2["next_cursor"] == .null)
        #expect(try h.client.json("GET", "/v1/jobs?limit=0").errorParam == "limit")
    }
}
