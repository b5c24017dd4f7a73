import Foundation
import JSON
@testable import Service
import Testing

/// `"execution": {"engine": "ray"}`: refused precisely when it cannot run, and a cluster that
/// does not answer fails the job with a message naming it (never a hang).
@Suite struct RayExecutionTests {
    static let ray: JSONValue.Member = JSONValue.Member("execution", .object(["engine": .string("ray")]))

    func harness(rayAddress: String?) throws -> ServiceHarness {
        try ServiceHarness.make { c in
            c.rayAddress = rayAddress
            c.shardStore = rayAddress == nil ? nil : FileManager.default.temporaryDirectory.appendingPathComponent("shortlist-store-\(UUID().uuidString)").path
        }
    }

    func populate(_ h: ServiceHarness) throws {
        try SelectionTestData.pool(h, "cands", n: 300, d: 8, seed: 1)
        try SelectionTestData.pool(h, "tgts", n: 4, d: 8, seed: 2)
    }

    @Test func embeddedDriver_IsRayDriverPy_ByteForByte() throws {
        let file = try String(contentsOf: PythonScript.root.appendingPathComponent("ray/driver.py"), encoding: .utf8)
        #expect(EmbeddedRayDriver.source == file, "run `make embed` after editing ray/driver.py")
    }

    @Test func lastProgress_IsTheDriversLastProgressLine_WhenLogsHoldSeveral() throws {
        let logs = "start\nPROGRESS map 0 10\nPROGRESS map 3 10\nsome warning\n"
        let p = try #require(RayJobClient.lastProgress(logs))
        #expect(p.stage == "map" && p.done == 3 && p.total == 10)
        #expect(RayJobClient.lastProgress("no progress yet\n")?.stage == nil)
    }

    @Test func selection_Answers400NamingExecution_WhenTheServiceHasNoRayAddress() throws {
        let h = try harness(rayAddress: nil)
        try populate(h)
        let r = try h.client.json("POST", "/v1/selections", SelectionTestData.body(method: "round_robin", extra: [Self.ray]))
        #expect(r.status == 400)
        #expect(try r.json()["error"]?["param"]?.stringValue == "execution", "\(r.text)")
        #expect(r.text.contains("--ray-address"))
        #expect(try SelectionTestData.jobCount(h) == 0)
    }

    @Test func selection_Answers400NamingExecutionEngine_WhenTheEngineIsUnknown() throws {
        let h = try harness(rayAddress: nil)
        try populate(h)
        let r = try h.client.json("POST", "/v1/selections", SelectionTestData.body(
            method: "round_robin", extra: [JSONValue.Member("execution", .object(["engine": .string("spark")]))]))
        #expect(r.status == 400)
        #expect(try r.json()["error"]?["param"]?.stringValue == "execution.engine", "\(r.text)")
    }

    @Test func selection_Answers400NamingExecution_WhenTheMethodHasNoShardedRun() throws {
        let h = try harness(rayAddress: "http://127.0.0.1:9")
        try populate(h)
        let r = try h.client.json("POST", "/v1/selections", SelectionTestData.body(method: "gist", extra: [Self.ray]))
        #expect(r.status == 400)
        #expect(try r.json()["error"]?["param"]?.stringValue == "execution", "\(r.text)")
    }

    @Test func selection_EchoesTheRayExecution_WhenAccepted() throws {
        let h = try harness(rayAddress: "http://127.0.0.1:9")
        try populate(h)
        let r = try h.client.json("POST", "/v1/selections", SelectionTestData.body(method: "round_robin", extra: [Self.ray]))
        #expect(r.status == 202, "\(r.text)")
        #expect(try r.json()["request"]?["execution"]?["engine"]?.stringValue == "ray", "\(r.text)")
    }

    @Test func rayJob_FailsNamingTheCluster_WhenTheAddressDoesNotAnswer() throws {
        // A port that was free a moment ago: connections are refused.
        let h = try harness(rayAddress: "http://127.0.0.1:\(try FreePort.take())")
        try populate(h)
        let id = try SelectionTestData.submit(h, SelectionTestData.body(method: "round_robin", extra: [Self.ray]))
        let job = try SelectionTestData.waitFinished(h.client, id, timeout: 60)
        #expect(job["status"]?.stringValue == "failed", "\(job)")
        #expect(job["error"]?["message"]?.stringValue?.contains("Ray cluster at http://127.0.0.1:") == true, "\(job)")
    }
}
