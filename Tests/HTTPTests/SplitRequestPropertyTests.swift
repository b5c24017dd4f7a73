import PropertyBased
import Testing
@testable import HTTP

/// However the network splits the bytes, the server must read the same requests.
@Suite struct SplitRequestPropertyTests {
    private static let methods = ["GET", "POST", "PUT", "DELETE", "PATCH"]

    private static func encode(
        method: String, path: String, headers: [(String, String)], body: [UInt8], chunkSize: Int?
    ) -> [UInt8] {
        var text = "\(method) /\(path) HTTP/1.1\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        var bodyBytes: [UInt8] = []
        if let chunkSize {
            text += "Transfer-Encoding: chunked\r\n"
            var start = 0
            while start < body.count {
                let end = min(body.count, start + chunkSize)
                bodyBytes += Array("\(String(end - start, radix: 16))\r\n".utf8) + body[start..<end] + [13, 10]
                start = end
            }
            bodyBytes += Array("0\r\n\r\n".utf8)
        } else {
            text += "Content-Length: \(body.count)\r\n"
            bodyBytes = body
        }
        return Array((text + "\r\n").utf8) + bodyBytes
    }

    @Test func anyValidRequest_SplitAtRandomBoundaries_ParsesToTheSameRequest() async {
        await propertyCheck(
            count: 200,
            input: Gen.letterOrNumber.string(of: 1...12).array(of: 0...6), Gen.uint8().array(of: 0...300),
            Gen.int(in: 0...40), Gen.int(in: 0...5000).array(of: 0...12), Gen.int(in: 0...4)
        ) { headerWords, body, chunkChoice, cuts, methodIndex in
            let headers = headerWords.enumerated().map { ("X-\($0.offset)-\($0.element)", "v \($0.element)") }
            let chunkSize: Int? = chunkChoice == 0 ? nil : chunkChoice
            let method = Self.methods[methodIndex]
            let one = Self.encode(method: method, path: headerWords.joined(separator: "/"), headers: headers, body: body, chunkSize: chunkSize)
            let wire = one + one
            do {
                let whole = try ParsedRequest.readAll(from: .make(wire))
                let split = try ParsedRequest.readAll(from: .make(wire, splitAt: cuts), readSize: 1 + cuts.count)
                #expect(whole.count == 2)
                #expect(split == whole)
                #expect(whole.first?.body == body)
                #expect(whole.first?.head.method.rawValue == method)
                #expect(whole.first?.head.headers.count == headers.count + 1)
            } catch {
                Issue.record("valid request rejected: \(error)")
            }
        }
    }

    @Test func pipelinedRequests_AreReadInOrder_WithTheirBodies() throws {
        let wire = "POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /b HTTP/1.1\r\n\r\n"
            + "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nxy\r\n0\r\n\r\nDELETE /d HTTP/1.1\r\n\r\n"
        let requests = try ParsedRequest.readAll(from: .make(wire))
        #expect(requests.map(\.head.target) == ["/a", "/b", "/c", "/d"])
        #expect(requests.map { String(decoding: $0.body, as: UTF8.self) } == ["abc", "", "xy", ""])
    }
}
