import Foundation
import JSON
import Providers
@testable import Service
import Testing
import TestSupport
import TestSupport

/// `"execution": {"engine": "ray"}`: refused precisely when it cannot run; against a stub of
/// Ray's job REST API over real sockets (scripts/stub_ray.py, which runs the submitted driver in
/// its local mode) the job submits, reports the driver's progress, stores the local job's result
/// byte for byte, fails with Ray's message, stops the Ray job on cancel; a cluster that does not
/// answer fails the job with a message naming it (never a hang).
@Suite struct RayExecutionTests {
    static let ray: JSONValue.Member = JSONValue.Member("execution", .object(["engine": .string("ray")]))
    static let binary = ServiceProcess.binary

    /// A service whose Ray address is `rayAddress`, with a shard store of its own (removed when
    /// the setup goes) and the debug binary as the tasks' binary.
    final class Setup {
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("shortlist-store-\(UUID().uuidString)")
        let harness: ServiceHarness

        init(rayAddress: String?, binary: String = RayExecutionTests.binary) throws {
            let store = store
            harness = try ServiceHarness.make { c in
                c.rayAddress = rayAddress
                c.shardStore = rayAddress == nil ? nil : store.path
                c.shardBytes = ShardedRunTests.shardBytes
                c.engineBinary = binary
            }
        }

        deinit { try? FileManager.default.removeItem(at: store) }
    }

    static func withRay(_ body: JSONValue) -> JSONValue {
        guard case let .object(members) = body else { return body }
        return .object(members + [ray])
    }

    func populate(_ h: ServiceHarness) throws {
        try SelectionTestData.pool(h, "cands", n: 300, d: 8, seed: 1)
        try SelectionTestData.pool(h, "tgts", n: 4, d: 8, seed: 2)
    }

    /// Every call the stub received, "METHOD path".
    func calls(_ stub: StubServerProcess) throws -> [String] {
        let response = try CurlTransport().send(HTTPRequestSpec(method: "GET", url: "http://127.0.0.1:\(stub.port)/calls"), timeouts: ProviderTimeouts())
        return try JSONParser.parse(response.body).arrayValue?.compactMap(\.stringValue) ?? []
    }

    @Test func embeddedDriver_IsRayDriverPy_ByteForByte() throws {
        let file = try String(contentsOf: RepositoryFiles.url("ray/driver.py"), encoding: .utf8)
        #expect(EmbeddedRayDriver.source == file, "run `make embed` after editing ray/driver.py")
    }

    @Test func lastProgress_IsTheDriversLastProgressLine_WhenLogsHoldSeveral() throws {
        let logs = "start\nPROGRESS map 0 10\nPROGRESS map 3 10\nsome warning\n"
        let p = try #require(RayJobClient.lastProgress(logs))
        #expect(p.stage == "map" && p.done == 3 && p.total == 10)
        #expect(RayJobClient.lastProgress("no progress yet\n")?.stage == nil)
    }

    @Test func selection_Answers400NamingExecution_WhenTheServiceHasNoRayAddress() throws {
        let h = try Setup(rayAddress: nil).harness
        try populate(h)
        let r = try h.client.json("POST", "/v1/selections", SelectionTestData.body(method: "round_robin", extra: [Self.ray]))
        #expect(r.status == 400)
        #expect(try r.json()["error"]?["param"]?.stringValue == "execution", "\(r.text)")
        #expect(r.text.contains("--ray-address"))
        #expect(try SelectionTestData.jobCount(h) == 0)
    }

    @Test func selection_Answers400NamingExecutionEngine_WhenTheEngineIsUnknown() throws {
        let h = try Setup(rayAddress: nil).harness
        try populate(h)
        let r = try h.client.json("POST", "/v1/selections", SelectionTestData.body(
            method: "round_robin", extra: [JSONValue.Member("execution", .object(["engine": .string("spark")]))]))
        #expect(r.status == 400)
        #expect(try r.json()["error"]?["param"]?.stringValue == "execution.engine", "\(r.text)")
        #expect(try SelectionTestData.jobCount(h) == 0)
    }

    @Test func selection_Answers400NamingExecution_WhenTheMethodHasNoShardedRun() throws {
        let setup = try Setup(rayAddress: "http://127.0.0.1:9")
        let h = setup.harness
        try populate(h)
        let r = try h.client.json("POST", "/v1/selections", SelectionTestData.body(method: "tarot", extra: [Self.ray]))
        #expect(r.status == 400)
        #expect(try r.json()["error"]?["param"]?.stringValue == "execution", "\(r.text)")
        #expect(r.text.contains("runs only locally"), "\(r.text)")
        #expect(try SelectionTestData.jobCount(h) == 0)
    }

    /// Methods on text parse `execution` like the others: never silently run locally.
    @Test(arguments: [("ray", "execution"), ("spark", "execution.engine")])
    func textMethod_Answers400_ForAnExecutionItCannotHonour(engine: String, param: String) throws {
        let setup = try Setup(rayAddress: "http://127.0.0.1:9")
        let h = setup.harness
        try populate(h)
        let body = JSONValue.object([
            JSONValue.Member("candidates", .object(["pool": .string("cands")])),
            JSONValue.Member("targets", .object(["texts": .array([.string("clips sold")])])),
            JSONValue.Member("method", .string("dsir")),
            JSONValue.Member("budget", .object(["k": .int(2)])),
            JSONValue.Member("execution", .object(["engine": .string(engine)])),
        ])
        let r = try h.client.json("POST", "/v1/selections", body)
        #expect(r.status == 400, "\(r.text)")
        #expect(try r.json()["error"]?["param"]?.stringValue == param, "\(r.text)")
        #expect(try SelectionTestData.jobCount(h) == 0)
    }

    @Test func rayJob_FailsNamingTheCluster_WhenTheAddressDoesNotAnswer() throws {
        // A port that was free a moment ago: connections are refused.
        let setup = try Setup(rayAddress: "http://127.0.0.1:\(try LoopbackSocket.freePort())")
        let h = setup.harness
        try populate(h)
        let id = try SelectionTestData.submit(h, SelectionTestData.body(method: "round_robin", extra: [Self.ray]))
        let job = try SelectionTestData.waitFinished(h.client, id, timeout: 60)
        #expect(job["status"]?.stringValue == "failed", "\(job)")
        #expect(job["error"]?["message"]?.stringValue?.contains("the Ray cluster at http://127.0.0.1:") == true, "\(job)")
        #expect(job["request"]?["execution"]?["engine"]?.stringValue == "ray", "\(job)")
    }

    @Test(arguments: ["round_robin", "gist"])
    func rayJob_StoresTheLocalJobsResultByteForByte_WhenTheRayJobSucceeds(method: String) throws {
        let stub = try StubServerProcess(script: "stub_ray.py", arguments: ["--mode", "run"])
        let setup = try Setup(rayAddress: "http://127.0.0.1:\(stub.port)")
        let h = setup.harness
        let sharded = ShardedRunTests()
        try sharded.populate(h)
        let body = try #require(ShardedRunTests.bodies[method])
        let local = try sharded.localCSV(h, body)
        let id = try SelectionTestData.submit(h, Self.withRay(body))
        let job = try SelectionTestData.waitFinished(h.client, id, timeout: 300)
        #expect(job["status"]?.stringValue == "succeeded", "\(job)")
        #expect(job["ray_job_id"]?.stringValue == "shortlist-\(id)", "\(job)")
        let r = try h.client.request("GET", "/v1/jobs/\(id)/result?format=csv")
        #expect(r.status == 200 && r.body == local, "\(r.text.prefix(300))")
        let calls = try calls(stub)
        #expect(calls.contains("POST /api/jobs/") && calls.contains("GET /api/jobs/shortlist-\(id)/logs"), "\(calls)")
        // The job directory (targets, map outputs) goes once the result is stored.
        #expect(!FileManager.default.fileExists(atPath: setup.store.appendingPathComponent("jobs/\(id)").path))
    }

    @Test func rayJob_FailsWithRaysMessage_WhenTheDriverFails() throws {
        let stub = try StubServerProcess(script: "stub_ray.py", arguments: ["--mode", "run"])
        // Every step exits 1 without a word (the first: round_robin's list plan): the driver says so and exits 1.
        let setup = try Setup(rayAddress: "http://127.0.0.1:\(stub.port)", binary: "/bin/false")
        let h = setup.harness
        try populate(h)
        let id = try SelectionTestData.submit(h, SelectionTestData.body(method: "round_robin", extra: [Self.ray]))
        let job = try SelectionTestData.waitFinished(h.client, id, timeout: 120)
        #expect(job["status"]?.stringValue == "failed", "\(job)")
        let message = job["error"]?["message"]?.stringValue ?? ""
        #expect(message.contains("Ray job shortlist-\(id) failed") && message.contains("driver: engine lists exited with 1"), "\(job)")
        #expect(try h.client.request("GET", "/v1/jobs/\(id)/result?format=csv").status == 409)
    }

    @Test func rayJob_ShowsTheDriversProgress_AndCancelStopsTheRayJob() throws {
        let stub = try StubServerProcess(script: "stub_ray.py", arguments: ["--mode", "hold"])
        let setup = try Setup(rayAddress: "http://127.0.0.1:\(stub.port)")
        let h = setup.harness
        try populate(h)
        let id = try SelectionTestData.submit(h, SelectionTestData.body(method: "round_robin", extra: [Self.ray]))
        let running = try SelectionTestData.waitUntil(h.client, id, timeout: 60) { job in
            job["progress"]?["stage"]?.stringValue == "ray map" && job["progress"]?["done"]?.intValue == 3
        }
        #expect(running["status"]?.stringValue == "running" && running["progress"]?["total"]?.intValue == 10, "\(running)")
        #expect(running["ray_job_id"]?.stringValue == "shortlist-\(id)", "\(running)")
        #expect(try h.client.json("POST", "/v1/jobs/\(id)/cancel").status == 202)
        let job = try SelectionTestData.waitFinished(h.client, id, timeout: 60)
        #expect(job["status"]?.stringValue == "cancelled", "\(job)")
        #expect(try calls(stub).contains("POST /api/jobs/shortlist-\(id)/stop"))
    }

    /// A service killed while its Ray job runs, started again on the same database: the job's
    /// run finds the Ray job of the run before under the job's id, stops it, deletes it and
    /// submits again (Ray refuses a second submission under one id).
    @Test(.enabled(if: ServiceProcess.isBuilt))
    func restart_StopsAndDeletesTheEarlierRunsRayJob_ThenSubmitsAgain() throws {
        let stub = try StubServerProcess(script: "stub_ray.py", arguments: ["--mode", "hold"])
        let temporary = try TemporaryDirectory("ray-restart")
        try JobRestartTests.seed(db: temporary.databasePath, candidates: SelectionTestData.matrix(rows: 300, cols: 8, seed: 1),
                                 targets: SelectionTestData.matrix(rows: 4, cols: 8, seed: 2))
        let extra = ["--ray-address", "http://127.0.0.1:\(stub.port)", "--shard-store", temporary.path("store"), "--engine-binary", Self.binary]
        var child = try ServiceProcess.serve(db: temporary.databasePath, extra: extra)
        var client = TestHTTPClient(port: child.port)
        let r = try client.json("POST", "/v1/selections", SelectionTestData.body(method: "round_robin", extra: [Self.ray]))
        #expect(r.status == 202, "\(r.text)")
        let id = try #require(try r.json()["id"]?.stringValue)
        _ = try SelectionTestData.waitUntil(client, id, timeout: 60) { $0["progress"]?["stage"]?.stringValue == "ray map" }
        #expect(child.kill9())

        child = try ServiceProcess.serve(db: temporary.databasePath, extra: extra)
        client = TestHTTPClient(port: child.port)
        // The stored progress still says `ray map`: the second submission is what shows the rerun.
        let rerun = try SelectionTestData.waitUntil(client, id, timeout: 60) { _ in
            ((try? calls(stub)) ?? []).filter { $0 == "POST /api/jobs/" }.count == 2
        }
        #expect(rerun["status"]?.stringValue == "running", "\(rerun)")
        let submission = "shortlist-\(id)"
        let received = try calls(stub)
        let stop = try #require(received.firstIndex(of: "POST /api/jobs/\(submission)/stop"), "\(received)")
        let delete = try #require(received.firstIndex(of: "DELETE /api/jobs/\(submission)"), "\(received)")
        let resubmit = try #require(received.lastIndex(of: "POST /api/jobs/"))
        #expect(stop < delete && delete < resubmit, "\(received)")
        #expect(try client.json("POST", "/v1/jobs/\(id)/cancel").status == 202)
        #expect(try SelectionTestData.waitFinished(client, id, timeout: 60)["status"]?.stringValue == "cancelled")
    }
}
