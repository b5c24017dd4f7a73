import Foundation
import Testing
@testable import Service

/// Query parameters are strict on every route (issue 13, item 4): an unknown name and a repeated
/// one are both 400s naming the parameter, before anything is read or written.
@Suite struct QueryParameterTests {
    /// The routes that take query parameters, with one valid value for each (openapi.yaml).
    static let routesWithParameters: [(method: String, path: String, parameters: [(String, String)])] = [
        ("GET", "/v1/pools", [("limit", "2"), ("cursor", "abc")]),
        ("GET", "/v1/pools/p/items", [("limit", "2"), ("cursor", "abc")]),
        ("GET", "/v1/jobs", [("limit", "2"), ("cursor", "abc")]),
        ("GET", "/v1/jobs/j/result", [("format", "ndjson"), ("offset", "1"), ("limit", "2"), ("include", "items")]),
        ("PUT", "/v1/pools/p/features/emb", [("checkpoint", "a"), ("weight", "2")]),
        ("DELETE", "/v1/pools/p/features/emb", [("checkpoint", "a")]),
        ("GET", "/v1/pools/p/features/emb/projection", [("checkpoint", "a"), ("method", "pca"), ("sample", "10"), ("seed", "1"), ("targets_job", "j")]),
        ("GET", "/v1/jobs/j/coverage", [("least", "3")]),
    ]

    @Test func anUnknownQueryParameter_Is400NamingIt_OnEveryRoute() throws {
        let h = try ServiceHarness.make()
        let routes = AuthTests.concreteRoutes(h.service)
        #expect(routes.count >= 20)
        for route in routes {
            let r = try h.client.request(route.method, route.path + "?bogus=1", body: route.method == "GET" ? nil : [])
            #expect(r.status == 400, "\(route.method) \(route.path) answered \(r.status)")
            #expect(r.errorParam == "bogus", "\(route.method) \(route.path): \(r.text)")
            #expect(r.errorCode == "unknown_parameter")
        }
    }

    @Test func aRepeatedQueryParameter_Is400NamingIt_OnEveryRouteThatTakesIt() throws {
        let h = try ServiceHarness.make()
        for route in Self.routesWithParameters {
            for (name, value) in route.parameters {
                let query = route.parameters.map { "\($0.0)=\($0.1)" }.joined(separator: "&") + "&\(name)=\(value)"
                let r = try h.client.request(route.method, "\(route.path)?\(query)", body: route.method == "GET" ? nil : [])
                #expect(r.status == 400, "\(route.method) \(route.path)?\(query) answered \(r.status)")
                #expect(r.errorParam == name, "\(route.method) \(route.path)?\(query): \(r.text)")
                #expect(r.errorCode == "duplicate_parameter")
            }
        }
    }

    @Test func aFeatureUpload_WithTwoCheckpointsOrTwoWeights_WritesNothing() throws {
        let h = try ServiceHarness.make()
        try SelectionTestData.createPool(h, "p", items: 3)
        let npy = SelectionTestData.npy(SelectionTestData.matrix(rows: 3, cols: 2, seed: 1))
        for query in ["checkpoint=a&checkpoint=b", "weight=2&weight=7"] {
            let r = try h.client.request("PUT", "/v1/pools/p/features/emb?\(query)", headers: [("Content-Type", "application/x-npy")], body: npy)
            #expect(r.status == 400, "\(query): \(r.text)")
        }
        #expect(try h.client.request("GET", "/v1/pools/p/features/emb").status == 404)
        let ok = try h.client.request("PUT", "/v1/pools/p/features/emb?checkpoint=a&weight=2", headers: [("Content-Type", "application/x-npy")], body: npy)
        #expect(ok.status == 200, "\(ok.text)")
    }
}
