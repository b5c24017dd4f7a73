import Foundation
import Storage
import Testing
@testable import Service
import TestSupport

/// Uploads are validated into a staging file while the client sends, and hold the writer lock only
/// for the insert: a stalled client blocks no other write, and a pool changed meanwhile is a 409.
@Suite struct FeatureUploadStagingTests {
    typealias F = FeatureRoutesTests

    /// An upload whose client sent the head and the first part of its body, then went quiet.
    struct StalledUpload {
        let connection: TestClient
        let rest: [UInt8]

        /// Sends the rest of the body and reads the answer.
        func resume(_ h: ServiceHarness) throws -> TestResponse {
            try connection.send(rest)
            return try TestResponse.parse(connection.readUntilClose())
        }

        func hangUp() { shutdown(connection.fd, Int32(SHUT_RDWR)) }
    }

    /// Starts an upload, sends `sent` bytes of `body` and returns once the server is staging it.
    static func stall(_ h: ServiceHarness, type: String, body: [UInt8], sent: Int, query: String = "") throws -> StalledUpload {
        let connection = try h.client.connect()
        try connection.send(F.head("PUT", "/v1/pools/p/features/emb\(query)", type: type, length: body.count))
        try connection.send(body.prefix(sent))
        try waitUntil("the server started staging the upload") { !stagingFiles(h).isEmpty }
        return StalledUpload(connection: connection, rest: Array(body.dropFirst(sent)))
    }

    /// Open descriptors of this process (the server runs in it) onto staging files of `h`'s database
    /// directory: an unlinked staging file shows as "<dir>/.shortlist-upload-XXXXXX (deleted)".
    static func stagingFiles(_ h: ServiceHarness) -> [String] {
        let prefix = h.directory.path + "/" + FeatureUploadStagingFile.namePrefix
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return fds.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)") }
            .filter { $0.hasPrefix(prefix) }
    }

    /// Names in the database directory other than the database's own files.
    static func strayFiles(_ h: ServiceHarness) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: h.directory.path).filter { !$0.hasPrefix("test.db") }
    }

    static func npyBody(items n: Int, dim: Int = 8, offset: Float = 0) -> [UInt8] { NPYWriter.file(F.rows(n, dim: dim, offset: offset)) }

    static func ndjsonBody(items n: Int, dim: Int = 8) -> [UInt8] {
        Array((0..<n).map { F.line("i\($0)", Array(repeating: Float($0), count: dim)) }.joined(separator: "\n").utf8)
    }

    // MARK: a stalled client blocks nobody

    @Test(arguments: ["application/x-npy", "application/x-ndjson"])
    func stalledUpload_DoesNotBlockPostItems_AndAnUpdateOfItsItemsMeanwhile_IsNoConflict(type: String) throws {
        let h = try ServiceHarness.make()
        try F.makePool(h, items: 2000)
        let body = type == "application/x-npy" ? Self.npyBody(items: 2000) : Self.ndjsonBody(items: 2000)
        let upload = try Self.stall(h, type: type, body: body, sent: body.count / 2)
        // Before staging, this waited for the upload's writer lock until the client gave up (30 s).
        let quick = TestHTTPClient(port: h.service.port, timeoutSeconds: 5)
        let update = try quick.request("POST", "/v1/pools/p/items", headers: [("Content-Type", "application/x-ndjson")],
                                       body: Array(#"{"id":"i0","question":"changed while uploading"}"#.utf8))
        #expect(update.status == 200)
        #expect(Self.stagingFiles(h).count == 1, "the upload is still receiving its body")
        let r = try upload.resume(h)
        #expect(r.status == 200)
        let stored = try #require(try F.storedRows(h))
        #expect(stored.count == 2000 && stored.allSatisfy { $0 != nil })
        #expect(stored[1999] == (type == "application/x-npy" ? F.rows(2000, dim: 8)[1999] : Array(repeating: 1999, count: 8)))
    }

    @Test func stalledUpload_DoesNotBlockAnotherUploadToTheSamePool() throws {
        let h = try ServiceHarness.make()
        try F.makePool(h, items: 500)
        let body = Self.npyBody(items: 500)
        let upload = try Self.stall(h, type: "application/x-npy", body: body, sent: body.count / 3)
        let quick = TestHTTPClient(port: h.service.port, timeoutSeconds: 5)
        let other = try quick.request("PUT", "/v1/pools/p/features/other", headers: [("Content-Type", "application/x-npy")],
                                      body: Self.npyBody(items: 500, dim: 4))
        #expect(other.status == 200)
        #expect(try upload.resume(h).status == 200)
        #expect(try F.storedRows(h, feature: "other")?.count == 500)
        #expect(try F.storedRows(h) == F.rows(500, dim: 8).map(Optional.some))
    }

    // MARK: the pool changed while the body was arriving

    /// (name, content type, body, what another request does meanwhile).
    static let conflictCases: [(String, String, [UInt8], @Sendable (ServiceHarness) throws -> Int)] = [
        ("an item added before an npy upload ends", "application/x-npy", npyBody(items: 300, offset: 50), { h in
            try h.client.request("POST", "/v1/pools/p/items", headers: [("Content-Type", "application/x-ndjson")],
                                 body: Array(#"{"id":"late"}"#.utf8)).status
        }),
        ("an item deleted before an npy upload ends", "application/x-npy", npyBody(items: 300, offset: 50), { h in
            try h.client.request("DELETE", "/v1/pools/p/items/i7").status
        }),
        ("an item the NDJSON body names deleted", "application/x-ndjson", ndjsonBody(items: 300), { h in
            try h.client.request("DELETE", "/v1/pools/p/items/i3").status
        }),
        ("the checkpoint recreated with another dim", "application/x-ndjson", ndjsonBody(items: 300), { h in
            let delete = try h.client.request("DELETE", "/v1/pools/p/features/emb?checkpoint=default").status
            let put = try F.putNDJSON(h, [F.line("i0", [1, 2, 3])]).status
            return delete == 204 ? put : delete
        }),
    ]

    @Test(arguments: conflictCases)
    func poolChangedMidUpload_Returns409_AndLeavesTheRowsAsTheChangeLeftThem(
        _ testCase: (String, String, [UInt8], @Sendable (ServiceHarness) throws -> Int)
    ) throws {
        let (name, type, body, change) = testCase
        let h = try ServiceHarness.make()
        try F.makePool(h, items: 300)
        #expect(try F.putNPY(h, Self.npyBody(items: 300, dim: 8, offset: 7)).status == 200)
        let upload = try Self.stall(h, type: type, body: body, sent: body.count / 2)
        let changeStatus = try change(h)
        #expect((200..<300).contains(changeStatus), "\(name): the change itself answered \(changeStatus)")
        let afterChange = try F.snapshot(h)
        let r = try upload.resume(h)
        #expect(r.status == 409, "\(name)")
        #expect(r.errorType == "conflict" && r.errorCode == "pool_changed" && r.errorParam == "pool")
        #expect(try F.snapshot(h) == afterChange, "\(name): the upload wrote nothing")
    }

    // MARK: the staging file never outlives the upload

    @Test func stagingFile_LivesUnlinked_InTheDatabaseDirectory_WhileTheBodyArrives() throws {
        let h = try ServiceHarness.make()
        try F.makePool(h, items: 1000)
        let body = Self.npyBody(items: 1000)
        let upload = try Self.stall(h, type: "application/x-npy", body: body, sent: body.count / 2)
        let files = Self.stagingFiles(h)
        #expect(files.count == 1 && files.allSatisfy { $0.hasSuffix(" (deleted)") }, "\(files)")
        #expect(try Self.strayFiles(h) == [])
        #expect(try upload.resume(h).status == 200)
    }

    @Test(arguments: ["application/x-npy", "application/x-ndjson"])
    func stagingFile_IsGone_AfterSuccess_AfterA400_AndAfterADisconnect(type: String) throws {
        let h = try ServiceHarness.make()
        try F.makePool(h, items: 2000)
        let body = type == "application/x-npy" ? Self.npyBody(items: 2000) : Self.ndjsonBody(items: 2000)
        let put = { (bytes: [UInt8]) in
            try h.client.request("PUT", "/v1/pools/p/features/emb", headers: [("Content-Type", type)], body: bytes)
        }
        #expect(try put(body).status == 200)
        #expect(Self.stagingFiles(h) == [])

        // A bad byte near the end: the staging file already holds most of the rows when it fails.
        var bad = body
        if type == "application/x-npy" {
            withUnsafeBytes(of: Float.nan.bitPattern.littleEndian) { nan in bad.replaceSubrange((bad.count - 4)..., with: nan) }
        } else {
            bad += Array("\n{\"id\":\"ghost\",\"vector\":[1,2,3,4,5,6,7,8]}".utf8)
        }
        let rejected = try put(bad)
        #expect(rejected.status == 400)
        #expect(Self.stagingFiles(h) == [])

        let upload = try Self.stall(h, type: type, body: body, sent: body.count / 2)
        upload.hangUp()
        try F.waitForNoOpenConnections(h)
        try waitUntil("the aborted upload's staging file is closed") { Self.stagingFiles(h).isEmpty }
        #expect(try Self.strayFiles(h) == [])
    }
}
