import Testing
@testable import HTTP

@Suite struct BodyFramingTests {
    private func framing(_ headers: [(String, String)]) throws -> BodyFraming {
        try BodyFraming.of(RequestHead(method: "POST", target: "/", version: .http1_1, headers: HTTPHeaders(headers.map { (name: $0.0, value: $0.1) })))
    }

    @Test func contentLength_GivesALengthFraming() throws {
        #expect(try framing([("Content-Length", "42")]) == .length(42))
        #expect(try framing([]) == BodyFraming.none)
    }

    @Test func chunked_IsRecognised_CaseInsensitively() throws {
        #expect(try framing([("Transfer-Encoding", "Chunked")]) == .chunked)
    }

    @Test(arguments: [
        [("Content-Length", "3"), ("Transfer-Encoding", "chunked")], [("Content-Length", "3"), ("Content-Length", "3")],
        [("Content-Length", "3"), ("content-length", "4")], [("Content-Length", "3, 3")], [("Content-Length", "-1")],
        [("Content-Length", "")], [("Content-Length", "1e3")], [("Content-Length", "99999999999999999999")],
        [("Transfer-Encoding", "chunked, chunked")],
    ])
    func ambiguousOrMalformedFraming_Is400(headers: [(String, String)]) {
        #expect(httpError { _ = try framing(headers) }?.status == 400)
    }

    @Test(arguments: ["gzip", "gzip, chunked", "identity", "chunked, gzip"])
    func unsupportedTransferCodings_Are501(coding: String) {
        let error = httpError { _ = try framing([("Transfer-Encoding", coding)]) }
        #expect(error?.status == 501)
    }
}
