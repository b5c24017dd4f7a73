import Foundation
import JSON
import Providers
@testable import Service
import Testing

/// Selections on a real Ray head started here on free ports (and always stopped): the Ray job's
/// result is the local job's byte for byte.
@Suite(.serialized) struct RayClusterTests {
    /// `ray start --head --block` on free ports with its own temp dir; `stop()` ends it by its
    /// process id (the blocking `ray start` takes its node's processes down with it).
    final class Head {
        let process = Process()
        let dashboardPort: Int
        let directory: URL
        let logPath: String

        init() throws {
            directory = URL(fileURLWithPath: "/tmp/slray-\(UInt32.random(in: 0...UInt32.max))")
            logPath = directory.path + ".log"
            let ports = try (0..<9).map { _ in try FreePort.take() }
            dashboardPort = ports[1]
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "ray", "start", "--head", "--block", "--num-cpus", "2", "--port", "\(ports[0])", "--dashboard-host", "127.0.0.1",
                "--dashboard-port", "\(ports[1])", "--include-dashboard", "true", "--temp-dir", directory.path, "--disable-usage-stats",
                "--ray-client-server-port", "\(ports[2])", "--node-manager-port", "\(ports[3])", "--object-manager-port", "\(ports[4])",
                "--dashboard-agent-listen-port", "\(ports[5])", "--dashboard-agent-grpc-port", "\(ports[6])", "--metrics-export-port", "\(ports[7])",
                "--runtime-env-agent-port", "\(ports[8])", "--object-store-memory", "100000000",
            ]
            var environment = ProcessInfo.processInfo.environment
            environment["RAY_USAGE_STATS_ENABLED"] = "0"
            process.environment = environment
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
            let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
            process.standardOutput = log
            process.standardError = log
            try process.run()
            let deadline = Date().addingTimeInterval(180)
            while !Self.answers(address), process.isRunning, Date() < deadline {
                Thread.sleep(forTimeInterval: 0.5)
            }
            guard Self.answers(address) else {
                stop()
                throw TestClientError("the Ray head did not answer within 180 s: \((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "")")
            }
        }

        var address: String { "http://127.0.0.1:\(dashboardPort)" }

        /// Whether the dashboard answers `GET /api/version`.
        static func answers(_ address: String) -> Bool {
            let response = try? CurlTransport().send(
                HTTPRequestSpec(method: "GET", url: address + "/api/version"), timeouts: ProviderTimeouts(connectMilliseconds: 1_000, totalMilliseconds: 3_000))
            return response?.status == 200
        }

        func stop() {
            guard process.isRunning else { return }
            process.terminate()
            let deadline = Date().addingTimeInterval(60)
            while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.2) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }

        deinit {
            stop()
            try? FileManager.default.removeItem(at: directory)
            try? FileManager.default.removeItem(atPath: logPath)
        }
    }

    static func withRay(_ body: JSONValue) -> JSONValue {
        guard case let .object(members) = body else { return body }
        return .object(members + [RayExecutionTests.ray])
    }

    @Test func rayJob_GivesTheLocalJobsCSVByteForByte_OnALocalHead() throws {
        let head = try Head()
        defer { head.stop() }
        let store = URL(fileURLWithPath: "/tmp/slstore-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: store) }
        let h = try ServiceHarness.make { c in
            c.rayAddress = head.address
            c.shardStore = store.path
            c.shardBytes = ShardedRunTests.shardBytes
            c.engineBinary = PythonScript.root.appendingPathComponent(".build/debug/shortlist").path
        }
        let sharded = ShardedRunTests()
        try sharded.populate(h)
        for method in ["round_robin", "knn_uniform"] {
            let body = try #require(ShardedRunTests.bodies[method])
            let local = try sharded.localCSV(h, body)
            let id = try SelectionTestData.submit(h, Self.withRay(body))
            let job = try SelectionTestData.waitFinished(h.client, id, timeout: 300)
            #expect(job["status"]?.stringValue == "succeeded", "\(job)")
            let r = try h.client.request("GET", "/v1/jobs/\(id)/result?format=csv")
            #expect(r.status == 200 && r.body == local, "\(method): \(r.text.prefix(300))")
            #expect(job["request"]?["execution"]?["engine"]?.stringValue == "ray")
        }
    }
}
