import Testing
@testable import HTTP

/// Inputs found by the libFuzzer target (fuzz/FuzzRequestParser.swift): the same bytes must give
/// the same verdict however the network splits them.
@Suite struct FuzzRegressionTests {
    private static let head = "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"

    /// The error a whole stream and the same stream split every `step` bytes end with.
    static func verdicts(_ text: String, step: Int) -> (whole: HTTPError?, split: HTTPError?) {
        let bytes = Array(text.utf8)
        let cuts = Array(stride(from: step, to: bytes.count, by: step))
        return (httpError { _ = try ParsedRequest.readAll(from: .make(bytes)) },
                httpError { _ = try ParsedRequest.readAll(from: .make(bytes, splitAt: cuts)) })
    }

    // fuzz crash-eba1bab7: chunk data followed by a line that is not empty.
    @Test(arguments: [1, 2, 3, 6, 64])
    func chunkDataWithoutCRLF_FailsTheSameWay_HoweverTheStreamIsSplit(step: Int) {
        let v = Self.verdicts(Self.head + "5;ext=1\r\nhello /x HTTP/1.1: v\r\n\r\n", step: step)
        #expect(v.whole?.message == "chunk data not followed by CRLF")
        #expect(v.split?.message == v.whole?.message)
    }

    @Test(arguments: [1, 7, 512])
    func overlongChunkSizeLine_IsTooLong_HoweverTheStreamIsSplit(step: Int) {
        let v = Self.verdicts(Self.head + "5;" + String(repeating: "e", count: 5000) + "\r\nhello\r\n0\r\n\r\n", step: step)
        #expect(v.whole?.message == "chunk line too long")
        #expect(v.split?.message == v.whole?.message)
    }
}
