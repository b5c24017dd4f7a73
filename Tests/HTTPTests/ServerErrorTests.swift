import Testing
@testable import HTTP

private struct TeapotError: Error {}

/// An application's responder: its own errors get its own answer, the server's keep theirs.
private let teapotResponder: HTTPErrorResponder = { error in
    guard error is TeapotError else { return HTTPResponse.plainTextError(error) }
    return HTTPResponse(status: 418, headers: HTTPHeaders([("Retry-After", "5")]), body: .bytes(Array("short and stout".utf8)))
}

private struct SecretError: Error { let sql = "SELECT secret" }

@Suite struct ServerErrorTests {
    private func server() throws -> TestServer {
        try TestServer.make(errorResponder: teapotResponder, routes: { router in
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
        #expect(response.text == "no such route\n")
        #expect(response.headers["content-type"] == "text/plain; charset=utf-8")
    }

    @Test func wrongMethods_Are405_WithAnAllowHeader() throws {
        let server = try server()
        let client = try server.client()
        try client.send("PUT /echo/x HTTP/1.1\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 405)
        #expect(response.text == "method not allowed; allowed: GET, DELETE, HEAD\n")
        #expect(response.headers["allow"] == "GET, DELETE, HEAD")
    }

    @Test func theApplicationsResponder_RendersTheErrorsItKnows() throws {
        let server = try server()
        let client = try server.client()
        try client.send("GET /teapot HTTP/1.1\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 418)
        #expect(response.text == "short and stout")
        #expect(response.headers["retry-after"] == "5")
    }

    @Test func unknownErrors_Are500_WithoutInternals() throws {
        let server = try server()
        let client = try server.client()
        try client.send("GET /secret HTTP/1.1\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 500)
        #expect(response.text == "internal error\n")
    }

    @Test(arguments: [
        ("GET /echo/x HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400, "(content-length)"),
        ("GET /echo/x HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400, "duplicate Content-Length"),
        ("POST /collect HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501, "gzip"),
        ("GET /echo/x HTTP/2.0\r\n\r\n", 505, "HTTP/2.0"),
        ("GET /echo/x%zz HTTP/1.1\r\n\r\n", 400, "percent-encoding"),
        ("GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\n\r\n", 414, "8192 bytes"),
        ("GET / HTTP/1.1\r\n" + (0..<101).map { "X-\($0): v\r\n" }.joined() + "\r\n", 431, "header"),
        ("GET / HTTP/1.1\r\nX: " + String(repeating: "v", count: 70_000) + "\r\n\r\n", 431, "header"),
    ])
    func protocolErrors_AreAnsweredWithTheirStatusAndReason_ThenClosed(request: String, status: Int, reason: String) throws {
        let server = try server()
        let client = try server.client()
        try client.send(request)
        let response = try client.readResponse()
        #expect(response.status == status)
        #expect(response.text.contains(reason))
        #expect(response.headers["connection"] == "close")
        #expect(client.isClosedByServer())
    }

    @Test func bodyOverTheRouteLimit_Is413_AndASmallBodyIsDrained_KeepingTheConnection() throws {
        let server = try server()
        let client = try server.client()
        try client.send("POST /collect HTTP/1.1\r\nContent-Length: 100\r\n\r\n" + String(repeating: "x", count: 100))
        let response = try client.readResponse()
        #expect(response.status == 413)
        #expect(response.text == "request body exceeds 64 bytes\n")
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
