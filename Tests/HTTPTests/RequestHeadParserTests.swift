import Testing
@testable import HTTP

@Suite struct RequestHeadParserTests {
    @Test func requestLineAndHeaders_AreParsed_FromACompleteHead() throws {
        let request = try #require(try ParsedRequest.readOne("GET /v1/pools?limit=2 HTTP/1.1\r\nHost: x\r\nAccept:  a/b \r\n\r\n"))
        #expect(request.head.method == "GET")
        #expect(request.head.target == "/v1/pools?limit=2")
        #expect(request.head.version == .http1_1)
        #expect(request.head.headers["HOST"] == "x")
        #expect(request.head.headers["accept"] == "a/b")
    }

    @Test func head_IsIncomplete_UntilTheEmptyLineArrives() throws {
        #expect(try RequestHeadParser.parse(Array("GET / HTTP/1.1\r\nHost: x\r\n".utf8)) == nil)
        #expect(try RequestHeadParser.parse(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))?.consumed == 27)
    }

    @Test func leadingEmptyLines_AreIgnored() throws {
        let parsed = try #require(try RequestHeadParser.parse(Array("\r\n\r\nGET / HTTP/1.0\r\n\r\n".utf8)))
        #expect(parsed.head.version == .http1_0)
        #expect(parsed.consumed == 22)
    }

    @Test func requestLine_LongerThanTheLimit_Is414_EvenBeforeItEnds() {
        let limits = RequestHeadLimits(maxRequestLineBytes: 100)
        let long = "GET /" + String(repeating: "a", count: 200)
        #expect(httpError { _ = try RequestHeadParser.parse(Array(long.utf8), limits: limits) }?.status == 414)
        #expect(httpError { _ = try RequestHeadParser.parse(Array((long + " HTTP/1.1\r\n\r\n").utf8), limits: limits) }?.status == .uriTooLong)
    }

    @Test func requestLine_AtTheLimit_IsAccepted() throws {
        let line = "GET /" + String(repeating: "a", count: 8192 - 14) + " HTTP/1.1"
        #expect(line.utf8.count == 8192)
        #expect(try RequestHeadParser.parse(Array((line + "\r\n\r\n").utf8)) != nil)
    }

    @Test func headerSection_LargerThanTheLimit_Is431() {
        let limits = RequestHeadLimits(maxHeaderBytes: 1000)
        let big = "GET / HTTP/1.1\r\nX: " + String(repeating: "v", count: 1200)
        #expect(httpError { _ = try RequestHeadParser.parse(Array(big.utf8), limits: limits) }?.status == 431)
        #expect(httpError { _ = try RequestHeadParser.parse(Array((big + "\r\n\r\n").utf8), limits: limits) }?.status == .requestHeaderFieldsTooLarge)
    }

    @Test func bareLineFeed_PastTheLimit_Is431_WhetherTheBytesArriveWholeOrInPieces() throws {
        let limits = RequestHeadLimits(maxHeaderBytes: 1000)
        let bytes = Array(("GET / HTTP/1.1\r\nX: " + String(repeating: "v", count: 1200) + "\nY: w\r\n\r\n").utf8)
        #expect(httpError { _ = try RequestHeadParser.parse(bytes, limits: limits) }?.status == 431)
        // The reader's view: the same bytes without the line feed are already over the limit.
        let lineFeed = try #require(bytes[16...].firstIndex(of: ASCII.lf))
        #expect(httpError { _ = try RequestHeadParser.parse(Array(bytes[..<lineFeed]), limits: limits) }?.status == 431)
    }

    @Test func moreHeaderFields_ThanTheLimit_Is431_AndTheLimitItself_IsAccepted() throws {
        func head(fields: Int) -> [UInt8] {
            Array(("GET / HTTP/1.1\r\n" + (0..<fields).map { "X-\($0): v\r\n" }.joined() + "\r\n").utf8)
        }
        #expect(try RequestHeadParser.parse(head(fields: 100))?.head.headers.count == 100)
        #expect(httpError { _ = try RequestHeadParser.parse(head(fields: 101)) }?.status == 431)
    }

    @Test(arguments: [
        "GET / HTTP/1.1\n\r\n", "GET /  HTTP/1.1\r\n\r\n", "GET / HTTP/1.1 x\r\n\r\n", "GET\r\n\r\n",
        "G(T / HTTP/1.1\r\n\r\n", "GET / HTTP/1.1\r\nNoColon\r\n\r\n", "GET / HTTP/1.1\r\nX : v\r\n\r\n",
        "GET / HTTP/1.1\r\nX: a\r\n folded\r\n\r\n", "GET / HTTP/1.1\r\nX: a\nY: b\r\n\r\n", "GET / HTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nX: a\u{7}b\r\n\r\n", "GET nopath HTTP/1.1\r\n\r\n", "GET / HTTP/11\r\n\r\n",
        "GET / HTTP/1.1\r\nX: a\rb\r\n\r\n",
    ])
    func malformedHeads_Are400_InvalidRequest(text: String) {
        let error = httpError { _ = try RequestHeadParser.parse(Array(text.utf8)) }
        #expect(error?.status == 400)
    }

    @Test(arguments: ["HTTP/2.0", "HTTP/1.2", "HTTP/0.9", "HTTP/3.0"])
    func wellFormedButUnknownVersions_Are505(version: String) {
        let error = httpError { _ = try RequestHeadParser.parse(Array("GET / \(version)\r\n\r\n".utf8)) }
        #expect(error?.status == 505)
    }

    @Test func absoluteFormTargets_AreReducedToOriginForm() throws {
        let parsed = try #require(try RequestHeadParser.parse(Array("GET http://h:1/a/b?q=1 HTTP/1.1\r\n\r\n".utf8)))
        #expect(parsed.head.target == "/a/b?q=1")
    }
}
