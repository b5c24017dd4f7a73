import Foundation
import Glibc
import Synchronization
import Testing
@testable import HTTP
import TestSupport

@Suite struct ServerLifecycleTests {
    @Test func requestIDs_AreGenerated_OrEchoed() throws {
        let server = try TestServer.make()
        let client = try server.client()
        try client.send("GET /echo/a HTTP/1.1\r\n\r\nGET /echo/b HTTP/1.1\r\n\r\nGET /echo/c HTTP/1.1\r\nX-Request-Id: trace-42\r\n\r\n")
        let first = try #require(try client.readResponse().headers["x-request-id"])
        let second = try #require(try client.readResponse().headers["x-request-id"])
        #expect(first.count == 16 && first.allSatisfy(\.isHexDigit))
        #expect(first != second)
        #expect(try client.readResponse().headers["x-request-id"] == "trace-42")
    }

    @Test func observer_ReportsMethodPatternStatusIDAndBytes_PerRequest() throws {
        let server = try TestServer.make()
        let client = try server.client()
        let start = Deadline.now()
        try client.send("GET /echo/abc HTTP/1.1\r\nX-Request-Id: r1\r\n\r\nPOST /collect HTTP/1.1\r\nContent-Length: 3\r\n\r\nxyzGET /missing HTTP/1.1\r\n\r\n")
        for _ in 0..<3 { _ = try client.readResponse() }
        #expect(eventually { server.records.count == 3 })
        let elapsed = Deadline.now().seconds(since: start)
        let records = server.records
        #expect(records.map(\.method) == ["GET", "POST", "GET"])
        #expect(records.map(\.routePattern) == ["/echo/{word}", "/collect", nil])
        #expect(records.map(\.status) == [200, 200, 404])
        #expect(records[0].requestID == "r1")
        #expect(records[1].requestBodyBytes == 3)
        // Each duration is measured on the server inside the client's own window of the exchange.
        #expect(records.allSatisfy { $0.responseBytes > 0 && $0.duration > 0 && $0.duration <= elapsed }, "\(records.map(\.duration)) vs \(elapsed)")
    }

    @Test func shutdown_FinishesInFlightRequests_AndStopsAccepting() throws {
        let started = Mutex(false)
        // The handler finishes only when the test lets it: after the shutdown has begun.
        let release = DispatchSemaphore(value: 0)
        let server = try TestServer.make(routes: { router in
            router.add("GET", "/slow") { _ in
                started.withLock { $0 = true }
                release.wait()
                return .text(200, "done")
            }
        })
        let busy = try server.client()
        let idle = try server.client()
        try idle.send("GET /echo/i HTTP/1.1\r\n\r\n")
        _ = try idle.readResponse()
        try busy.send("GET /slow HTTP/1.1\r\n\r\n")
        // Shut down once the handler runs: the request is in flight, not merely sent.
        #expect(eventually { started.withLock { $0 } })
        let port = server.port
        let stopped = DispatchSemaphore(value: 0), http = server.server
        Thread { http.shutdown(); stopped.signal() }.start()
        // The idle connection is closed when draining begins: from then on the busy one is draining.
        #expect(idle.isClosedByServer())
        release.signal()
        let response = try busy.readResponse()
        #expect(response.text == "done")
        #expect(response.headers["connection"] == "close")
        #expect(stopped.wait(timeout: .now() + 20) == .success)
        #expect(throws: (any Error).self) { _ = try TestClient.make(port: port) }
    }

    @Test func shutdown_ClosesRequestsStillRunning_AfterTheGracePeriod() throws {
        let started = Mutex(false)
        // Never released before the connection is closed: the handler outlives the grace period.
        let release = DispatchSemaphore(value: 0)
        defer { release.signal() }
        let server = try TestServer.make(configure: { $0.shutdownGrace = .milliseconds(100) }, routes: { router in
            router.add("GET", "/stuck") { _ in
                started.withLock { $0 = true }
                release.wait()
                return .text(200, "late")
            }
        })
        let client = try server.client()
        try client.send("GET /stuck HTTP/1.1\r\n\r\n")
        #expect(eventually { started.withLock { $0 } })
        server.server.shutdown()
        #expect(client.isClosedByServer())
    }

    @Test func fileDescriptorLimit_CapsConnectionsWellBelowIt() {
        #expect(ProcessLimits.connectionCap(requested: 100_000, fileDescriptorLimit: 1024) == 768)
        #expect(ProcessLimits.connectionCap(requested: 10, fileDescriptorLimit: 1024) == 10)
        #expect(ProcessLimits.connectionCap(requested: 10, fileDescriptorLimit: 20) == 1)
        #expect(ProcessLimits.raiseFileDescriptorLimit() >= 256)
    }

    @Test func startingTwice_IsRefused() throws {
        let server = try TestServer.make()
        #expect(throws: HTTPServerError.alreadyStarted) { try server.server.start() }
    }
}
