import Testing
@testable import HTTP

@Suite struct ChunkedBodyTests {
    private let head = "POST /u HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"

    @Test func chunkedBody_IsDecoded_IgnoringExtensionsAndTrailers() throws {
        let request = try #require(try ParsedRequest.readOne(head + "5;name=v\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nX-T: 1\r\n\r\n"))
        #expect(String(decoding: request.body, as: UTF8.self) == "hello 0123456789")
    }

    @Test(arguments: ["zz\r\nhello\r\n0\r\n\r\n", "5\r\nhelloXX0\r\n\r\n", "5\nhello\r\n0\r\n\r\n", "\r\n", "5 x\r\nhello\r\n0\r\n\r\n",
        "1000000000000000\r\n"])
    func badChunkFraming_Is400(body: String) {
        #expect(httpError { _ = try ParsedRequest.readOne(head + body) }?.status == 400)
    }

    @Test func bodyEndingBeforeItsLength_Is400() {
        let error = httpError { _ = try ParsedRequest.readOne("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nshort") }
        #expect(error?.status == 400)
    }

    @Test func streamedBody_OverItsLimit_Is413() throws {
        let input = InputBuffer(source: ScriptedByteSource.make(String(repeating: "x", count: 100)))
        let reader = FramedBodyReader(framing: .length(100), input: input, readTimeout: .seconds(5), streamLimit: 50)
        let error = httpError { while try reader.read(upTo: 30) != nil {} }
        #expect(error?.status == 413)
        #expect(reader.failed)
    }

    @Test func collect_OverTheLimit_Is413_BeforeReading_WhenTheLengthIsDeclared() throws {
        let input = InputBuffer(source: ScriptedByteSource.make(String(repeating: "x", count: 100)))
        let reader = FramedBodyReader(framing: .length(100), input: input, readTimeout: .seconds(5), streamLimit: .max)
        let body = HTTPRequestBody(source: reader, declaredLength: 100, defaultLimit: 99)
        #expect(httpError { _ = try body.collect() }?.status == .contentTooLarge)
        #expect(reader.bytesRead == 0)
        #expect(try body.collect(limit: 100).count == 100)
    }

    @Test func collect_OverTheLimit_Is413_ForChunkedBodiesOfUnknownLength() throws {
        let input = InputBuffer(source: ScriptedByteSource.make("40\r\n" + String(repeating: "y", count: 64) + "\r\n0\r\n\r\n"))
        let reader = FramedBodyReader(framing: .chunked, input: input, readTimeout: .seconds(5), streamLimit: .max)
        #expect(httpError { _ = try HTTPRequestBody(source: reader, declaredLength: nil, defaultLimit: 63).collect() }?.status == 413)
    }
}
