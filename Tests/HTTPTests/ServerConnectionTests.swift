import Glibc
import Testing
@testable import HTTP
import TestSupport

@Suite struct ServerConnectionTests {
    @Test func keepAlive_ServesSeveralRequests_OnOneConnection() throws {
        let server = try TestServer.make()
        let client = try server.client()
        for word in ["a", "b", "c"] {
            try client.send("GET /echo/\(word)?q=\(word)\(word) HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "\(word)|\(word)\(word)")
            #expect(response.headers["connection"] == nil)
        }
    }

    @Test func pipelinedRequests_AreAnsweredInOrder() throws {
        let server = try TestServer.make()
        let client = try server.client()
        let words = (0..<20).map { "w\($0)" }
        try client.send(words.map { "GET /echo/\($0) HTTP/1.1\r\n\r\n" }.joined())
        let answers = try words.map { _ in try client.readResponse().text }
        #expect(answers == words.map { "\($0)|" })
    }

    @Test func http10_ClosesAfterTheResponse_UnlessKeepAliveIsAsked() throws {
        let server = try TestServer.make()
        let plain = try server.client()
        try plain.send("GET /echo/x HTTP/1.0\r\n\r\n")
        let first = try plain.readResponse()
        #expect(first.status == 200)
        #expect(first.headers["connection"] == "close")
        #expect(plain.isClosedByServer())

        let kept = try server.client()
        try kept.send("GET /echo/y HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(try kept.readResponse().headers["connection"] == "keep-alive")
        try kept.send("GET /echo/z HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(try kept.readResponse().text == "z|")
    }

    @Test func connectionClose_OnHTTP11_ClosesAfterTheResponse() throws {
        let server = try TestServer.make()
        let client = try server.client()
        try client.send("GET /echo/x HTTP/1.1\r\nConnection: close\r\n\r\n")
        #expect(try client.readResponse().headers["connection"] == "close")
        #expect(client.isClosedByServer())
    }

    @Test func halfAHeaderThenStalling_Gets408_WhileOtherClientsAreServed() throws {
        let server = try TestServer.make(configure: { $0.headerTimeout = .milliseconds(400) })
        let stalled = try server.client()
        try stalled.send("GET /echo/x HTTP/1.1\r\nHost: t\r\nX-Half")
        let other = try server.client()
        try other.send("GET /echo/fine HTTP/1.1\r\n\r\n")
        #expect(try other.readResponse().text == "fine|")
        let response = try stalled.readResponse()
        #expect(response.status == 408)
        #expect(response.text == "request head not received within the header timeout\n")
        #expect(stalled.isClosedByServer())
    }

    @Test func idleKeepAliveConnections_AreClosed_AfterTheIdleTimeout() throws {
        let server = try TestServer.make(configure: { $0.idleTimeout = .milliseconds(300) })
        let client = try server.client()
        try client.send("GET /echo/x HTTP/1.1\r\n\r\n")
        #expect(try client.readResponse().status == 200)
        #expect(client.isClosedByServer())
        #expect(eventually { server.server.openConnections == 0 })
    }

    @Test func fiveHundredConcurrentConnections_AreAllAnswered() throws {
        let server = try TestServer.make()
        let clients = try (0..<500).map { _ in try server.client() }
        for (index, client) in clients.enumerated() { try client.send("GET /echo/c\(index) HTTP/1.1\r\n\r\n") }
        #expect(eventually { server.server.openConnections == 500 })
        for (index, client) in clients.enumerated() {
            #expect(try client.readResponse().text == "c\(index)|")
        }
    }

    @Test func clientDisconnectingMidBody_LeavesTheServerHealthy() throws {
        let server = try TestServer.make()
        do {
            let quitter = try server.client()
            try quitter.send("POST /collect HTTP/1.1\r\nContent-Length: 50\r\n\r\nonly-ten-b")
            #expect(eventually { server.server.openConnections == 1 })
        }
        #expect(eventually { server.server.openConnections == 0 })
        let client = try server.client()
        try client.send("GET /echo/after HTTP/1.1\r\n\r\n")
        #expect(try client.readResponse().text == "after|")
    }

    @Test func connectionsOverTheCap_AreRefusedAtOnce_WithoutHurtingTheOthers() throws {
        let server = try TestServer.make(configure: { $0.maxConnections = 2 })
        let first = try server.client()
        let second = try server.client()
        try first.send("GET /echo/1 HTTP/1.1\r\n\r\n")
        #expect(try first.readResponse().status == 200)
        let third = try server.client()
        let refused = try third.readResponse()
        #expect(refused.status == 503)
        #expect(third.isClosedByServer())
        try second.send("GET /echo/2 HTTP/1.1\r\n\r\n")
        #expect(try second.readResponse().text == "2|")
    }
}
