import Foundation
import JSON
import Selection
import Storage
import Testing
@testable import Service

/// A request on a cached pool reads nothing from the database, so how its names resolved is
/// cached too: every write that can change that resolution must drop it.
@Suite struct ExemplarCacheTests {
    static func ask(feature: String? = nil) -> JSONValue {
        var members: [JSONValue.Member] = [
            .init("pool", .string("p")), .init("question", .string("q")), .init("method", .string("knn")), .init("k", .int(1)),
            .init("query_vector", .array([.double(0), .double(1)])),
        ]
        if let feature { members.append(.init("feature", .string(feature))) }
        return .object(members)
    }

    static func firstID(_ h: ServiceHarness, _ body: JSONValue) throws -> JSONValue? {
        let r = try h.client.json("POST", "/v1/exemplars", body)
        #expect(r.status == 200, "\(r.text)")
        return try r.json()["exemplars"]?.arrayValue?.first?["id"]
    }

    @Test func requestWithoutFeature_FollowsANewFeatureCalledEmbedding() throws {
        let h = try ServiceHarness.make()
        try ExemplarPoolSeeder.seed(h, items: ExemplarPoolSeeder.items(2), feature: "a", vectors: [[1, 0], [0, 1]])
        #expect(try Self.firstID(h, Self.ask()) == .string("e1"))
        #expect(try Self.firstID(h, Self.ask()) == .string("e1"))
        try ExemplarPoolSeeder.seed(h, items: [], feature: "embedding", vectors: [[0, 1], [1, 0]])
        // Two features now: without a name the one called "embedding" is read.
        #expect(try Self.firstID(h, Self.ask()) == .string("e0"))
        #expect(try Self.firstID(h, Self.ask(feature: "a")) == .string("e1"))
    }

    @Test func deletedPool_Is404_AfterCachedRequests() throws {
        let h = try ServiceHarness.make()
        try ExemplarPoolSeeder.seed(h, items: ExemplarPoolSeeder.items(2), vectors: [[1, 0], [0, 1]])
        #expect(try Self.firstID(h, Self.ask()) == .string("e1"))
        #expect(try h.client.request("DELETE", "/v1/pools/p").status == 204)
        let r = try h.client.json("POST", "/v1/exemplars", Self.ask())
        #expect(r.status == 404 && r.errorParam == "pool", "\(r.text)")
        #expect(h.service.poolMatrixCache.count == 0)
    }

    @Test func deletedFeature_IsNotServedFromTheCache() throws {
        let h = try ServiceHarness.make()
        try ExemplarPoolSeeder.seed(h, items: ExemplarPoolSeeder.items(2), vectors: [[1, 0], [0, 1]])
        #expect(try Self.firstID(h, Self.ask(feature: "embedding")) == .string("e1"))
        #expect(try h.client.request("DELETE", "/v1/pools/p/features/embedding").status == 204)
        let r = try h.client.json("POST", "/v1/exemplars", Self.ask(feature: "embedding"))
        #expect(r.status == 404 && r.errorParam == "feature", "\(r.text)")
    }
}
