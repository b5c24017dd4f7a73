import Glibc
import Synchronization
import Testing
@testable import HTTP
import TestSupport

private struct ProducerFailure: Error {}

@Suite struct ServerStreamingTests {
    @Test func chunkedStreamedResponse_IsReadBack_Intact() throws {
        let server = try TestServer.make(routes: { router in
            router.add("GET", "/export") { _ in
                .stream(200, contentType: "application/x-ndjson") { writer in
                    for line in 0..<5000 { try writer.write("{\"line\":\(line)}\n") }
                }
            }
        })
        let client = try server.client()
        try client.send("GET /export HTTP/1.1\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.headers["transfer-encoding"] == "chunked")
        #expect(response.text == (0..<5000).map { "{\"line\":\($0)}\n" }.joined())
        try client.send("GET /echo/after HTTP/1.1\r\n\r\n")
        #expect(try client.readResponse().text == "after|")
    }

    @Test func streamedResponse_ToAnHTTP10Client_EndsByClosing() throws {
        let server = try TestServer.make(routes: { router in
            router.add("GET", "/export") { _ in .stream(200, contentType: "text/plain") { try $0.write("old client") } }
        })
        let client = try server.client()
        try client.send("GET /export HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.headers["transfer-encoding"] == nil)
        #expect(response.text == "old client")
    }

    @Test func producerFailing_BeforeAnythingIsSent_GetsAProperErrorResponse() throws {
        let server = try TestServer.make(routes: { router in
            router.add("GET", "/export") { _ in .stream(200, contentType: "text/plain") { _ in throw ProducerFailure() } }
        })
        let client = try server.client()
        try client.send("GET /export HTTP/1.1\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 500)
        #expect(response.text == "internal error\n")
    }

    @Test func producerFailing_AfterPartlyStreaming_ClosesTheConnection_WithoutTheLastChunk() throws {
        let server = try TestServer.make(routes: { router in
            router.add("GET", "/export") { _ in
                .stream(200, contentType: "text/plain") { writer in
                    try writer.write([UInt8](repeating: 65, count: 200_000))
                    throw ProducerFailure()
                }
            }
        })
        let client = try server.client()
        try client.send("GET /export HTTP/1.1\r\n\r\n")
        #expect(try client.readHead().status == 200)
        let rest = client.readUntilClose()
        #expect(rest.count >= 131_072)
        #expect(!String(decoding: rest.suffix(5), as: UTF8.self).hasSuffix("0\r\n\r\n"))
    }

    @Test func largeStreamedRequestBody_IsReadIncrementally_WithoutCollecting() throws {
        let largestRead = Mutex(0)
        let server = try TestServer.make(routes: { router in
            router.add("PUT", "/upload", bodyLimit: 1024) { request in
                var total = 0
                var lastByte: UInt8 = 0
                while let chunk = try request.body.read(upTo: 256 * 1024) {
                    total += chunk.count
                    lastByte = chunk.last ?? lastByte
                    largestRead.withLock { $0 = max($0, chunk.count) }
                }
                return .text(200, "\(total) \(lastByte)")
            }
        })
        let client = try server.client()
        let size = 64 * 1024 * 1024
        try client.send("PUT /upload HTTP/1.1\r\nContent-Length: \(size)\r\n\r\n")
        var block = [UInt8](repeating: 7, count: 1024 * 1024)
        for index in 0..<64 {
            if index == 63 { block[block.count - 1] = 9 }
            try client.send(block)
        }
        let response = try client.readResponse()
        #expect(response.text == "\(size) 9")
        #expect(largestRead.withLock { $0 } <= 256 * 1024)
    }

    @Test func unreadBody_IsDrained_SoThePipelinedNextRequestIsParsedCorrectly() throws {
        let server = try TestServer.make()
        let client = try server.client()
        let body = "GET /echo/smuggled HTTP/1.1\r\n\r\n"
        try client.send("POST /ignore HTTP/1.1\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)GET /echo/real HTTP/1.1\r\n\r\n")
        #expect(try client.readResponse().text == "ignored")
        #expect(try client.readResponse().text == "real|")
    }

    @Test func unreadBody_LargerThanTheDrainLimit_ClosesTheConnection() throws {
        let server = try TestServer.make(configure: { $0.maxDrainBytes = 1000 })
        let client = try server.client()
        try client.send("POST /ignore HTTP/1.1\r\nContent-Length: 100000\r\n\r\n" + String(repeating: "z", count: 100_000))
        let response = try client.readResponse()
        #expect(response.text == "ignored")
        #expect(response.headers["connection"] == "close")
    }

    @Test func expect100Continue_IsAnswered_BeforeTheBodyIsRead() throws {
        let server = try TestServer.make()
        let client = try server.client()
        try client.send("POST /collect HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        #expect(try client.readHead().status == 100)
        try client.send("hello")
        #expect(try client.readResponse().text == "got 5")
    }

    @Test func chunkedRequestBody_IsCollected() throws {
        let server = try TestServer.make()
        let client = try server.client()
        try client.send("POST /collect HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
        #expect(try client.readResponse().text == "got 5")
    }

    @Test func clientThatNeverReads_IsDropped_AfterTheSendTimeout() throws {
        let server = try TestServer.make(configure: { $0.sendTimeout = .milliseconds(200) }, routes: { router in
            router.add("GET", "/flood") { _ in
                .stream(200, contentType: "application/octet-stream") { writer in
                    let block = [UInt8](repeating: 1, count: 1 << 20)
                    for _ in 0..<1024 { try writer.write(block) }
                }
            }
        })
        let client = try server.client()
        try client.send("GET /flood HTTP/1.1\r\n\r\n")
        #expect(eventually { server.server.openConnections == 1 })
        #expect(eventually { server.server.openConnections == 0 })
        #expect(server.records.first?.status == 200)
    }

    @Test func head_SendsTheHeadersOfGet_WithoutTheBody() throws {
        let server = try TestServer.make()
        let client = try server.client()
        try client.send("HEAD /echo/abc HTTP/1.1\r\n\r\n")
        let response = try client.readResponse(headRequest: true)
        #expect(response.headers["content-length"] == "4")
        try client.send("GET /echo/x HTTP/1.1\r\n\r\n")
        #expect(try client.readResponse().text == "x|")
    }

    @Test func bodyStallingMidway_Gets408_AfterTheBodyReadTimeout_ThenClose() throws {
        let server = try TestServer.make(configure: { $0.bodyReadTimeout = .milliseconds(300) })
        let client = try server.client()
        try client.send("POST /collect HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc")
        let response = try client.readResponse()
        #expect(response.status == 408)
        #expect(response.text == "request body not received in time\n")
        #expect(client.isClosedByServer())
    }

    @Test func expect100Continue_RejectedWithoutReading_ClosesInsteadOfWaitingForTheBody() throws {
        let server = try TestServer.make(routes: { router in
            router.add("PUT", "/reject") { _ in .text(400, "no thanks") }
        })
        let client = try server.client()
        try client.send("PUT /reject HTTP/1.1\r\nContent-Length: 1000000\r\nExpect: 100-continue\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 400)
        #expect(response.headers["connection"] == "close")
        #expect(client.isClosedByServer())
    }
}
