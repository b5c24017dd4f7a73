import PropertyBased
import Testing
@testable import HTTP

@Suite struct RouterTests {
    private func router(_ routes: [(String, String)]) -> Router {
        let router = Router()
        for (method, pattern) in routes { router.add(HTTPMethod(method), pattern) { _ in .empty(204) } }
        return router
    }

    private func segments(_ path: String) throws -> [String] {
        try Router.pathSegments(ofRawPath: path[...])
    }

    @Test func pathParameters_AreExtracted_AndDecoded() throws {
        let resolution = router([("GET", "/v1/pools/{pool}/features/{name}")])
            .resolve(method: "GET", pathSegments: try segments("/v1/pools/p1/features/a%2Fb"))
        guard case .matched(let route, let parameters) = resolution else { Issue.record("no match"); return }
        #expect(route.pattern.text == "/v1/pools/{pool}/features/{name}")
        #expect(parameters == ["pool": "p1", "name": "a/b"])
    }

    @Test func literalSegments_WinOverParameters() throws {
        let resolution = router([("GET", "/v1/pools/{pool}"), ("GET", "/v1/pools/stats")])
            .resolve(method: "GET", pathSegments: try segments("/v1/pools/stats"))
        guard case .matched(let route, _) = resolution else { Issue.record("no match"); return }
        #expect(route.pattern.text == "/v1/pools/stats")
    }

    @Test func unknownPaths_AreNotFound_IncludingEmptyParameters_AndTrailingSlashes() throws {
        let router = router([("GET", "/v1/pools/{pool}")])
        for path in ["/v1/pools/", "/v1/pools", "/v1/pools/a/b", "/x"] {
            guard case .notFound = router.resolve(method: "GET", pathSegments: try segments(path)) else {
                Issue.record("\(path) should not match")
                continue
            }
        }
    }

    @Test func wrongMethod_Is405_ListingTheAllowedMethods() throws {
        let resolution = router([("GET", "/v1/pools"), ("POST", "/v1/pools")])
            .resolve(method: "DELETE", pathSegments: try segments("/v1/pools"))
        guard case .methodNotAllowed(let pattern, let allow) = resolution else { Issue.record("expected 405"); return }
        #expect(pattern == "/v1/pools")
        #expect(allow == ["GET", "POST", "HEAD"])
    }

    @Test func head_FallsBackToGet() throws {
        guard case .matched(let route, _) = router([("GET", "/healthz")]).resolve(method: "HEAD", pathSegments: try segments("/healthz"))
        else { Issue.record("no match"); return }
        #expect(route.method == "GET")
    }

    /// `freeze()` adds a lookup table for all-literal patterns; it must decide exactly as the scan.
    @Test func frozenRouter_ResolvesEveryPath_AsTheScanDoes() async throws {
        let table = [("GET", "/healthz"), ("GET", "/v1/pools"), ("POST", "/v1/pools"), ("GET", "/v1/pools/{pool}"),
                     ("GET", "/v1/pools/stats"), ("DELETE", "/v1/pools/{pool}"), ("GET", "/a/b"), ("PUT", "/{x}/b")]
        let scanning = router(table)
        let frozen = router(table)
        frozen.freeze()
        let parts = ["healthz", "v1", "pools", "stats", "p", "a", "b", "a%2Fb", ""]
        await propertyCheck(input: Gen.int(in: 0..<parts.count).array(of: 1...4), Gen.int(in: 0...4)) { picks, m in
            let path = "/" + picks.map { parts[$0] }.joined(separator: "/")
            let method: HTTPMethod = ["GET", "HEAD", "POST", "DELETE", "PUT"][m]
            let segments = try segments(path)
            #expect(Self.describe(frozen.resolve(method: method, pathSegments: segments))
                    == Self.describe(scanning.resolve(method: method, pathSegments: segments)), "\(method) \(path)")
        }
    }

    private static func describe(_ r: RouteResolution) -> String {
        switch r {
        case .matched(let route, let parameters): "\(route.method) \(route.pattern.text) \(parameters.sorted { $0.key < $1.key })"
        case .methodNotAllowed(let pattern, let allow): "405 \(pattern) \(allow)"
        case .notFound: "404"
        }
    }
}
