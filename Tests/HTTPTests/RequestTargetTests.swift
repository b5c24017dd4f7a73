import Testing
@testable import HTTP

@Suite struct RequestTargetTests {
    @Test func pathAndQuery_ArePercentDecoded_InOrder() throws {
        let (rawPath, rawQuery) = RequestTarget.split("/v1/a%20b?x=1&y=a+b%26c&flag&x=2")
        #expect(try RequestTarget.decodedPath(rawPath) == "/v1/a b")
        let query = try RequestTarget.decodedQuery(rawQuery)
        #expect(query.map(\.name) == ["x", "y", "flag", "x"])
        #expect(query.map(\.value) == ["1", "a b&c", "", "2"])
    }

    @Test(arguments: ["/a%2", "/a%zz", "/a%ff", "/%"])
    func invalidPercentEncoding_Is400(path: String) {
        #expect(httpError { _ = try RequestTarget.decodedPath(path[...]) }?.status == 400)
    }

    @Test func queryValue_ReturnsTheFirstValue() {
        let request = HTTPRequest(method: "GET", target: "/", path: "/", query: [("a", "1"), ("a", "2")])
        #expect(request.queryValue("a") == "1")
        #expect(request.queryValue("b") == nil)
    }
}
