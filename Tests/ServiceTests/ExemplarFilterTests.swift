import Foundation
import JSON
import LinearAlgebra
import PropertyBased
import Selection
import Storage
import Testing
@testable import Service

/// The metadata filter and `exclude_ids` shrink the pool before ranking: never an item outside
/// them, never fewer than k when at least k match, k lowered (with a warning) when fewer match.
@Suite struct ExemplarFilterTests {
    static let poolSize = 120

    /// Item i: group i % 5 (an int), tag "t<i % 3>" (a string), even (a bool).
    static func metadata(_ i: Int) -> String { #"{"group":\#(i % 5),"tag":"t\#(i % 3)","even":\#(i % 2 == 0)}"# }

    static func harness() throws -> ServiceHarness {
        let h = try ServiceHarness.make()
        var rng = SplitMix64(seed: 7)
        let vectors = (0..<poolSize).map { _ in (0..<6).map { _ in Float(Double(rng.next() >> 11) / 9007199254740992.0 - 0.5) } }
        try ExemplarPoolSeeder.seed(h, items: ExemplarPoolSeeder.items(poolSize, metadata: metadata), vectors: vectors)
        return h
    }

    static func ask(_ h: ServiceHarness, k: Int, method: String, filter: JSONValue, exclude: [String] = [], query: [Float]) throws -> JSONValue {
        let r = try h.client.json("POST", "/v1/exemplars", .object([
            "pool": .string("p"), "question": .string("q"), "k": .int(k), "method": .string(method), "filter": filter,
            "exclude_ids": .array(exclude.map(JSONValue.string)), "query_vector": .array(query.map { .double(Double($0)) }),
        ]))
        #expect(r.status == 200, "\(r.text)")
        return try r.json()
    }

    @Test func filteredRequests_NeverReturnAnItemOutsideTheFilter_AndAreNeverShort() async throws {
        let h = try Self.harness()
        let methods = ["lore", "knn", "gaussian", "mmr", "random"]
        await propertyCheck(count: 30, input: Gen.uint64(), Gen.int(in: 0...4), Gen.int(in: 1...12), Gen.int(in: 0...4)) { seed, group, k, m in
            var rng = SplitMix64(seed: seed)
            let query = (0..<6).map { _ in Float(Double(rng.next() >> 11) / 9007199254740992.0 - 0.5) }
            let tags: [JSONValue] = (0..<Int(seed % 3 + 1)).map { .string("t\($0)") }
            let excluded = (0..<3).map { "e\((Int(seed % 40) + $0 * 5 + group) % Self.poolSize)" }
            let filter: JSONValue = .object(["metadata.group": .int(group), "metadata.tag": .array(tags)])
            let matching = (0..<Self.poolSize).filter { i in
                i % 5 == group && i % 3 < tags.count && !excluded.contains("e\(i)")
            }
            let json = try Self.ask(h, k: k, method: methods[m], filter: filter, exclude: excluded, query: query)
            let indices = json["exemplars"]?.arrayValue?.compactMap { $0["index"]?.intValue } ?? []
            #expect(indices.allSatisfy(matching.contains))
            #expect(indices.count == min(k, matching.count))
            #expect(Set(indices).count == indices.count)
            #expect(json["requested_k"] == .int(k))
        }
    }

    @Test func fewerMatchesThanK_LowersK_AndWarns() throws {
        let h = try Self.harness()
        // group 0 and tag t0: i % 15 == 0, 8 items.
        let json = try Self.ask(h, k: 10, method: "lore", filter: .object(["metadata.group": .int(0), "metadata.tag": .string("t0")]),
                                query: [1, 0, 0, 0, 0, 0])
        #expect(json["k"] == .int(8) && json["requested_k"] == .int(10))
        #expect(json["exemplars"]?.arrayValue?.count == 8)
        let warnings = json["warnings"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(warnings.contains { $0.hasPrefix("k lowered from 10 to 8") })
    }

    @Test func filterValues_MatchWithTheirJSONType() throws {
        let h = try Self.harness()
        let query: [Float] = [0, 1, 0, 0, 0, 0]
        let asString = try h.client.json("POST", "/v1/exemplars", .object([
            "pool": .string("p"), "question": .string("q"), "filter": .object(["metadata.group": .string("1")]),
            "query_vector": .array(query.map { .double(Double($0)) }),
        ]))
        #expect(asString.status == 400 && asString.errorCode == "empty_input" && asString.errorParam == "filter")
        let asBool = try Self.ask(h, k: 200, method: "knn", filter: .object(["metadata.even": .bool(true)]), query: query)
        #expect(asBool["exemplars"]?.arrayValue?.allSatisfy { ($0["index"]?.intValue ?? 1) % 2 == 0 } == true)
        #expect(asBool["k"] == .int(60))
        let asNumber = try Self.ask(h, k: 3, method: "knn", filter: .object(["metadata.group": .double(2.0)]), query: query)
        #expect(asNumber["exemplars"]?.arrayValue?.allSatisfy { ($0["index"]?.intValue ?? 0) % 5 == 2 } == true)
    }

    @Test func filteredKnn_EqualsTheRankerOverTheMatchingRowsAlone() throws {
        let h = try Self.harness()
        let query: [Float] = [0.3, -0.2, 0.1, 0.4, 0, -0.1]
        let json = try Self.ask(h, k: 5, method: "lore", filter: .object(["metadata.tag": .string("t1")]), query: query)
        let stored = try ExemplarPoolSeeder.matrix(h)
        let rows = (0..<Self.poolSize).filter { $0 % 3 == 1 }
        let expected = try ExemplarRanker.rank(query: query, pool: Matrix(rows: stored.rows, cols: stored.dim, values: stored.values),
                                               allowed: rows, options: ExemplarOptions(reranker: .lore, k: 5))
        #expect(json["exemplars"]?.arrayValue?.compactMap { $0["index"]?.intValue } == expected.order)
    }
}
