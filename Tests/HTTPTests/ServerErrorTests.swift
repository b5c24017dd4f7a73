import Testing
@testable import HTTP

private struct TeapotError: HTTPErrorConvertible {
    var httpStatus: Int { 418 }
    var httpErrorBody: [UInt8] { Array(#"{"error":{"type":"teapot","message":"short and stout"}}"#.utf8) }
    var httpHeaders: [(String, String)] { [("Retry-After", "5")] }
}

private struct SecretError: Error { let sql = "SELECT secret" }

@Suite struct ServerErrorTests {
    private func server() throws -> TestServer {
        try TestServer.make(routes: { router in
            router.add("GET", "/teapot") { _ in throw TeapotError() }
            router.add("GET", "/secret") { _ in throw SecretError() }
            router.add("DELETE", "/echo/{word}") { _ in .empty(204) }
        })
    }

    @Test func unknownRoutes_Are404_NotFound() throws {
        let server = try server()
        let client = try server.client()
        try client.send("GET /nope HTTP/1.1\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 404)
        #expect(response.errorType == "not_found")
        #expect(response.headers["content-type"] == "application/json")
    }

    @Test func wrongMethods_Are405_WithAnAllowHeader() throws {
        let server = try server()
        let client = try server.client()
        try client.send("PUT /echo/x HTTP/1.1\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 405)
        #expect(response.errorType == "method_not_allowed")
        #expect(response.headers["allow"] == "GET, DELETE, HEAD")
    }

    @Test func selfMappingErrors_ChooseTheirStatusBodyAndHeaders() throws {
        let server = try server()
        let client = try server.client()
        try client.send("GET /teapot HTTP/1.1\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 418)
        #expect(response.errorType == "teapot")
        #expect(response.headers["retry-after"] == "5")
    }

    @Test func unknownErrors_Are500_WithoutInternals() throws {
        let server = try server()
        let client = try server.client()
        try client.send("GET /secret HTTP/1.1\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 500)
        #expect(response.text == #"{"error":{"type":"internal","message":"internal error"}}"#)
    }

    @Test(arguments: [
        ("GET /echo/x HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400, "invalid_request"),
        ("GET /echo/x HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400, "invalid_request"),
        ("POST /collect HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501, "not_implemented"),
        ("GET /echo/x HTTP/2.0\r\n\r\n", 505, "http_version_not_supported"),
        ("GET /echo/x%zz HTTP/1.1\r\n\r\n", 400, "invalid_request"),
        ("GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\n\r\n", 414, "uri_too_long"),
        ("GET / HTTP/1.1\r\n" + (0..<101).map { "X-\($0): v\r\n" }.joined() + "\r\n", 431, "headers_too_large"),
        ("GET / HTTP/1.1\r\nX: " + String(repeating: "v", count: 70_000) + "\r\n\r\n", 431, "headers_too_large"),
    ])
    func protocolErrors_AreAnsweredWithTheirStatus_ThenClosed(request: String, status: Int, type: String) throws {
        let server = try server()
        let client = try server.client()
        try client.send(request)
        let response = try client.readResponse()
        #expect(response.status == status)
        #expect(response.errorType == type)
        #expect(response.headers["connection"] == "close")
        #expect(client.isClosedByServer())
    }

    @Test func bodyOverTheRouteLimit_Is413_AndASmallBodyIsDrained_KeepingTheConnection() throws {
        let server = try server()
        let client = try server.client()
        try client.send("POST /collect HTTP/1.1\r\nContent-Length: 100\r\n\r\n" + String(repeating: "x", count: 100))
        let response = try client.readResponse()
        #expect(response.status == 413)
        #expect(response.errorType == "payload_too_large")
        try client.send("GET /echo/next HTTP/1.1\r\n\r\n")
        #expect(try client.readResponse().text == "next|")
    }

    @Test func declaredLengthOverTheStreamLimit_Is413_WithoutRunningTheHandler() throws {
        let server = try TestServer.make(configure: {
            $0.defaultBodyLimit = 100
            $0.defaultStreamLimit = 1000
        })
        let client = try server.client()
        try client.send("POST /ignore HTTP/1.1\r\nContent-Length: 5000\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 413)
        #expect(client.isClosedByServer())
    }

    @Test func defaultBodyLimit_AppliesToRoutesWithoutTheirOwn() throws {
        let server = try TestServer.make(configure: { $0.defaultBodyLimit = 10 }, routes: { router in
            router.add("POST", "/default") { request in .text(200, "\(try request.body.collect().count)") }
        })
        let client = try server.client()
        try client.send("POST /default HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123456789")
        #expect(try client.readResponse().text == "10")
        try client.send("POST /default HTTP/1.1\r\nContent-Length: 11\r\n\r\n0123456789A")
        #expect(try client.readResponse().status == 413)
    }
}
