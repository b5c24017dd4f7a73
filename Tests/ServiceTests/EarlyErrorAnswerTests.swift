import Foundation
import Testing
@testable import Service
import TestSupport

/// Requests the service refuses whatever their body holds (issue 13, item 3): the answer goes out
/// at once and the connection closes, without waiting for a body the client declared but never
/// sends. The server's body timeout is 30 s; these clients give up after 5.
@Suite struct EarlyErrorAnswerTests {
    /// Sends only the head (declaring `contentLength` body bytes), then reads until the server closes.
    static func headOnly(_ port: Int, _ method: String, _ path: String, contentLength: Int,
                         headers: [(String, String)] = []) throws -> TestResponse {
        let connection = try TestHTTPClient(port: port, timeoutSeconds: 5).connect()
        var head = "\(method) \(path) HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(contentLength)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        try connection.send(head + "\r\n")
        return try TestResponse.parse(connection.readUntilClose())
    }

    @Test func declaredHugeBody_ToAJSONRoute_Is413AtOnce_AndTheConnectionCloses() throws {
        let h = try ServiceHarness.make()
        let r = try Self.headOnly(h.service.port, "POST", "/v1/exemplars", contentLength: 2_000_000_000)
        #expect(r.status == 413)
        #expect(r.header("Connection") == "close")
    }

    @Test func missingKey_Is401AtOnce_WithoutReadingTheDeclaredBody() throws {
        let h = try ServiceHarness.make { $0.apiKey = "k" }
        let r = try Self.headOnly(h.service.port, "POST", "/v1/pools", contentLength: 1000)
        #expect(r.status == 401)
        #expect(r.header("Connection") == "close")
    }

    @Test func unknownRouteAndWrongMethod_Are404And405AtOnce_WithoutReadingTheDeclaredBody() throws {
        let h = try ServiceHarness.make()
        let notFound = try Self.headOnly(h.service.port, "POST", "/v1/nothing-here", contentLength: 1000)
        #expect(notFound.status == 404)
        #expect(notFound.header("Connection") == "close")
        let wrongMethod = try Self.headOnly(h.service.port, "PUT", "/v1/pools", contentLength: 1000)
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.header("Connection") == "close")
    }

    @Test func anErrorWhoseBodyAlreadyArrived_KeepsTheConnection() throws {
        let h = try ServiceHarness.make()
        let connection = try TestHTTPClient(port: h.service.port, timeoutSeconds: 5).connect()
        let body = #"{"name":"x"}"#
        try connection.send(Array("PUT /v1/pools HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
        let text = String(decoding: connection.readUntilClose(), as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 405"))
        #expect(text.contains("HTTP/1.1 200"), "the pipelined request after the 405 was not answered")
    }
}
