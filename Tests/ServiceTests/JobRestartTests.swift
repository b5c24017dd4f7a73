import Foundation
import JSON
import LinearAlgebra
import Selection
@testable import Service
import Storage
import Testing

/// A real `shortlist serve` child process is SIGKILLed while a job runs; started again on the
/// same database, it runs the job again to the same ordering as an uninterrupted run.
@Suite struct JobRestartTests {
    /// `.build/debug/shortlist`, built by `swift build --build-tests`.
    static var binary: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/shortlist")
    }

    /// A port that was free a moment ago (bind to 0, read it back, close).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw TestClientError("could not find a free port") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    static func serve(db: String, port: Int, jobThreads: Int) throws -> Process {
        try serve(db: db, port: port, extra: ["--block-rows", "300", "--job-threads", "\(jobThreads)"])
    }

    /// `shortlist serve` on `db` and `port` with `extra` arguments, once it answers /healthz.
    static func serve(db: String, port: Int, extra: [String]) throws -> Process {
        let p = Process()
        p.executableURL = binary
        p.arguments = ["serve", "--port", "\(port)", "--db", db] + extra
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let client = TestHTTPClient(port: port, timeoutSeconds: 5)
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let r = try? client.request("GET", "/healthz"), r.status == 200 { return p }
            Thread.sleep(forTimeInterval: 0.05)
        }
        p.terminate()
        throw TestClientError("shortlist serve did not answer on port \(port)")
    }

    /// On 1 and on 4 job threads: the rerun, and the single-threaded reference, agree bit for bit.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary.path)), arguments: [1, 4])
    func sigkill_DuringARunningJob_ThenRestart_CompletesWithTheUninterruptedOrdering(_ jobThreads: Int) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shortlist-restart-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("restart.db").path
        let candidates = SelectionTestData.matrix(rows: 2000, cols: 16, seed: 11)
        let targets = SelectionTestData.matrix(rows: 50, cols: 16, seed: 12)
        try Self.seed(db: db, candidates: candidates, targets: targets)

        let params: JSONValue = .object(["reg_m": .double(1000), "max_iter": .int(500), "tol": .double(1e-300)])
        var port = try Self.freePort()
        var child = try Self.serve(db: db, port: port, jobThreads: jobThreads)
        var client = TestHTTPClient(port: port)
        let r = try client.json("POST", "/v1/selections", SelectionTestData.body(method: "uot", budget: .object(["k": .int(50)]), params: params))
        #expect(r.status == 202, "\(r.text)")
        let id = try #require(try r.json()["id"]?.stringValue)
        // Killed only once the job reports work done, so it was running (not queued) when killed.
        let working = try SelectionTestData.waitUntilWorking(client, id)
        #expect(working["status"]?.stringValue == "running")
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(child.terminationReason == .uncaughtSignal)

        port = try Self.freePort()
        child = try Self.serve(db: db, port: port, jobThreads: jobThreads)
        defer {
            child.terminate()
            child.waitUntilExit()
        }
        client = TestHTTPClient(port: port)
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
