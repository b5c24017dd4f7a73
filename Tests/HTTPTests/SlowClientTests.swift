import Foundation
import Testing
@testable import HTTP
import TestSupport

/// Hostile clients over real sockets: slow senders (slowloris) and clients that never read must
/// not keep a normal client from being served.
@Suite(.serialized) struct SlowClientTests {
    /// Wall-clock seconds of one request on a fresh connection.
    static func timedEcho(_ server: TestServer) throws -> Double {
        let start = Deadline.now()
        let client = try server.client(receiveTimeout: .seconds(5))
        try client.send("GET /echo/hi HTTP/1.1\r\nConnection: close\r\n\r\n")
        let response = try client.readResponse()
        guard response.text == "hi|" else { throw TestFailure("unexpected body \(response.text)") }
        return Deadline.now().seconds(since: start)
    }

    @Test func thousandSlowSenders_DoNotStopANormalClientFromBeingServed() throws {
        let server = try TestServer.make(configure: { $0.headerTimeout = .seconds(30) })
        let slow = try (0..<1000).map { _ in try server.client() }
        // Each slow client dribbles a request head: one byte now, one more every 2 s.
        let head = Array("GET /echo/slow HTTP/1.1\r\nHost: x\r\n".utf8)
        for c in slow { try c.send([head[0]]) }
        #expect(eventually(within: 10) { server.server.openConnections == 1000 })
        var latencies: [Double] = []
        for round in 1...3 {
            for c in slow { try? c.send([head[round]]) }
            for _ in 0..<10 { latencies.append(try Self.timedEcho(server)) }
            Thread.sleep(forTimeInterval: 2)
        }
        latencies.sort()
        print(String(format: "slowloris: 1000 slow connections, normal request p50 %.1f ms, max %.1f ms",
                     latencies[latencies.count / 2] * 1000, latencies.last! * 1000))
        #expect(latencies.last! < 1.0)
        #expect(server.server.openConnections >= 1000, "the slow clients were still connected throughout")
    }

    @Test func slowSenders_AreDropped_AtTheHeaderTimeout() throws {
        let server = try TestServer.make(configure: { $0.headerTimeout = .milliseconds(500) })
        let slow = try (0..<50).map { _ in try server.client() }
        for c in slow { try c.send("G") }
        #expect(eventually(within: 10) { server.server.openConnections == 0 })
        #expect(try Self.timedEcho(server) < 1.0)
    }

    @Test func clientsThatNeverRead_AreDropped_AndDoNotBlockOthers() throws {
        let server = try TestServer.make(configure: { $0.sendTimeout = .milliseconds(300) }, routes: { router in
            router.add("GET", "/flood") { _ in
                .stream(200, contentType: "application/octet-stream") { writer in
                    let block = [UInt8](repeating: 1, count: 1 << 20)
                    for _ in 0..<1024 { try writer.write(block) }
                }
            }
        })
        let readers = try (0..<20).map { _ in try server.client() }
        for c in readers { try c.send("GET /flood HTTP/1.1\r\n\r\n") }
        #expect(eventually { server.server.openConnections == 20 })
        #expect(try Self.timedEcho(server) < 1.0)
        #expect(eventually { server.server.openConnections == 0 })
        #expect(server.records.filter { $0.routePattern == "/flood" }.count == 20)
    }
}
