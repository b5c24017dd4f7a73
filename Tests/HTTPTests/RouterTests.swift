import Testing
@testable import HTTP

@Suite struct RouterTests {
    private func router(_ routes: [(String, String)]) -> Router {
        let router = Router()
        for (method, pattern) in routes { router.add(method, pattern) { _ in .empty(204) } }
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
}
