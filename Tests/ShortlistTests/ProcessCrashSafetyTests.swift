import Foundation
import Selection
import Testing
@testable import shortlist
import TestSupport

/// Crash safety over real processes: the built binary, real signals, restarts on the same file.
@Suite(.serialized) struct ProcessCrashSafetyTests {
    static func client(_ p: ServiceProcess) -> APIClient {
        APIClient(url: ServiceURL(host: "127.0.0.1", port: p.port), apiKey: nil)
    }

    static func ndjson(_ range: Range<Int>) -> [UInt8] {
        Array(range.map { "{\"id\":\"item-\($0)\",\"text\":\"text of item \($0) with some padding to make it longer\"}\n" }.joined().utf8)
    }

    static func itemsRequest(_ body: [UInt8]) -> [UInt8] {
        Array("POST /v1/pools/p/items HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n".utf8) + body
    }

    static func itemCount(_ p: ServiceProcess) throws -> Int? {
        try client(p).json("GET", "/v1/pools/p").json()["item_count"]?.intValue
    }

    /// A pool `p` holding items 0..<10.
    static func seededService(db: String) throws -> ServiceProcess {
        let p = try ServiceProcess.serve(db: db)
        _ = try client(p).json("POST", "/v1/pools", body: .bytes(Array(#"{"name":"p"}"#.utf8), contentType: "application/json"))
        _ = try client(p).json("POST", "/v1/pools/p/items", body: .bytes(ndjson(0..<10), contentType: "application/x-ndjson"))
        return p
    }

    @Test func sigterm_DrainsAnInFlightRequest_AndExitsZero() throws {
        let temporary = try TemporaryDirectory("crash")
        let db = temporary.databasePath
        let p = try Self.seededService(db: db)
        let request = Self.itemsRequest(Self.ndjson(10..<1010))
        let connection = try TestClient.make(port: p.port, receiveTimeout: .seconds(30))
        let half = request.count / 2
        #expect(connection.sendIfOpen(request[..<half]))
        try waitUntil("the service has read the first half") { connection.peerHasReadEverything() }
        p.signal(SIGTERM)
        try waitUntil("the service logs that it is shutting down") { p.log.contains("msg=\"shutting down\"") }
        #expect(p.process.isRunning, "the process waits for the in-flight request")
        #expect(connection.sendIfOpen(request[half...]))
        #expect(connection.readStatus() == 200)
        #expect(p.waitForExit() == 0)
        let q = try ServiceProcess.serve(db: db)
        #expect(try Self.itemCount(q) == 1010)
    }

    @Test func sigkill_DuringABigItemsPost_LeavesThePoolAsItWas() throws {
        let temporary = try TemporaryDirectory("crash")
        let db = temporary.databasePath
        let p = try Self.seededService(db: db)
        let request = Self.itemsRequest(Self.ndjson(10..<50_010))
        let connection = try TestClient.make(port: p.port, receiveTimeout: .seconds(30))
        // Everything but the last line: killed once the service has read (and may be writing) it.
        #expect(connection.sendIfOpen(request[..<(request.count - 40)]))
        try waitUntil("the service has read all but the last line") { connection.peerHasReadEverything() }
        p.signal(SIGKILL)
        #expect(p.waitForExit() != nil)
        let q = try ServiceProcess.serve(db: db)
        #expect(try Self.itemCount(q) == 10)
        let page = try Self.client(q).json("GET", "/v1/pools/p/items?limit=1000").json()
        #expect(page["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == (0..<10).map { "item-\($0)" })
    }

    @Test func sigkill_RightAfterACompleteItemsPost_IsAllOrNothing() throws {
        let temporary = try TemporaryDirectory("crash")
        let db = temporary.databasePath
        let p = try Self.seededService(db: db)
        let connection = try TestClient.make(port: p.port, receiveTimeout: .seconds(30))
        #expect(connection.sendIfOpen(Self.itemsRequest(Self.ndjson(10..<20_010))))
        try waitUntil("the service has read the whole request") { connection.peerHasReadEverything() }
        p.signal(SIGKILL)
        #expect(p.waitForExit() != nil)
        let q = try ServiceProcess.serve(db: db)
        let count = try Self.itemCount(q)
        #expect(count == 10 || count == 20_010, "got \(String(describing: count))")
    }

    @Test func binary_RefusesANonLoopbackAddress_WithoutAKey() throws {
        let temporary = try TemporaryDirectory("crash")
        let db = temporary.databasePath
        let refusal = #expect(throws: TestFailure.self) { _ = try ServiceProcess.serve(db: db, extra: ["--host", "0.0.0.0"]) }
        #expect(refusal?.description.contains("refusing to listen on 0.0.0.0 without an API key") == true)
        let p = try ServiceProcess.serve(db: db, extra: ["--host", "0.0.0.0", "--allow-unauthenticated"])
        #expect(p.port > 0)
        p.signal(SIGTERM)
        #expect(p.waitForExit() == 0)
        let q = try ServiceProcess.serve(db: db, extra: ["--host", "0.0.0.0", "--api-key", "k"])
        #expect(q.port > 0)
    }

    /// A blank key by flag or by variable: the process exits with the same message, never
    /// listening (with auth on and no usable key, or off where the flag would have turned it on).
    @Test func binary_RefusesABlankAPIKey_GivenByFlagOrByVariable() throws {
        let temporary = try TemporaryDirectory("crash")
        let db = temporary.databasePath
        let starts: [(extra: [String], environment: [String: String])] = [
            (["--api-key", ""], [:]), (["--api-key", "  "], [:]), (["--api-key", " ", "--host", "0.0.0.0"], [:]),
            ([], ["SHORTLIST_API_KEY": ""]), ([], ["SHORTLIST_API_KEY": "\t"]),
        ]
        for start in starts {
            let refusal = #expect(throws: TestFailure.self, "\(start)") {
                _ = try ServiceProcess(arguments: ["serve", "--port", "0", "--db", db] + start.extra, environment: start.environment)
            }
            #expect(refusal?.description.contains("the API key is blank") == true, "\(start): \(refusal?.description ?? "")")
        }
    }
}

extension ProcessCrashSafetyTests {
    /// A version-1 .npy of `rows` x `dim` little-endian float32, every value `value`.
    static func npy(rows: Int, dim: Int, value: Float) -> [UInt8] {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(rows), \(dim)), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)]
        bytes += Array(header.utf8)
        let word = withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) }
        for _ in 0..<(rows * dim) { bytes += word }
        return bytes
    }

    static func featureRequest(checkpoint: String, _ body: [UInt8]) -> [UInt8] {
        Array("PUT /v1/pools/p/features/emb?checkpoint=\(checkpoint) HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-npy\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n".utf8) + body
    }

    @Test func sigkill_DuringAFeatureUpload_LeavesThePoolAsBefore() throws {
        let temporary = try TemporaryDirectory("crash")
        let db = temporary.databasePath
        let p = try ServiceProcess.serve(db: db)
        let c = Self.client(p)
        _ = try c.json("POST", "/v1/pools", body: .bytes(Array(#"{"name":"p"}"#.utf8), contentType: "application/json"))
        _ = try c.json("POST", "/v1/pools/p/items", body: .bytes(Self.ndjson(0..<2000), contentType: "application/x-ndjson"))
        _ = try c.json("PUT", "/v1/pools/p/features/emb?checkpoint=a", body: .bytes(Self.npy(rows: 2000, dim: 16, value: 1), contentType: "application/x-npy"))
        let before = try c.json("GET", "/v1/pools/p").json()["features"]
        // A replacement of checkpoint a, and a new checkpoint b, each cut off before its last bytes.
        let connections = try ["a", "b"].map { checkpoint in
            let request = Self.featureRequest(checkpoint: checkpoint, Self.npy(rows: 2000, dim: 16, value: 2))
            let connection = try TestClient.make(port: p.port, receiveTimeout: .seconds(30))
            #expect(connection.sendIfOpen(request[..<(request.count - 64)]))
            return connection
        }
        try waitUntil("the service has read both uploads but their last bytes") { connections.allSatisfy { $0.peerHasReadEverything() } }
        p.signal(SIGKILL)
        #expect(p.waitForExit() != nil)
        let q = try ServiceProcess.serve(db: db)
        let after = try Self.client(q).json("GET", "/v1/pools/p").json()["features"]
        #expect(after == before)
        #expect(after?.arrayValue?.first?["checkpoints"]?.arrayValue?.count == 1)
    }
}
