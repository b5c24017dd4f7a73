import Foundation
import JSON
import Selection
import Storage
import Testing
@testable import Service

/// Every malformed `POST /v1/exemplars` is answered with the documented status and the `param`
/// at fault, and changes nothing stored.
@Suite struct ExemplarValidationTests {
    static func harness() throws -> ServiceHarness {
        let h = try ServiceHarness.make()
        let vectors: [[Float]] = (0..<10).map { i in [Float(i), 1, Float(i % 3)] }
        try ExemplarPoolSeeder.seed(h, items: ExemplarPoolSeeder.items(10) { #"{"n":\#($0 % 2)}"# }, vectors: vectors)
        return h
    }

    static func body(_ extra: KeyValuePairs<String, JSONValue>, drop: Set<String> = []) -> JSONValue {
        var members: [JSONValue.Member] = [
            .init("pool", .string("p")), .init("question", .string("q")),
            .init("query_vector", .array([.double(1), .double(0), .double(0)])),
        ].filter { !drop.contains($0.key) }
        for (k, v) in extra {
            members.removeAll { $0.key == k }
            members.append(.init(k, v))
        }
        return .object(members)
    }

    static let cases: [(String, JSONValue, Int, String?)] = [
        ("missing pool", body([:], drop: ["pool"]), 400, "pool"),
        ("missing question", body([:], drop: ["question"]), 400, "question"),
        ("unknown pool", body(["pool": .string("nope")]), 404, "pool"),
        ("bad pool name", body(["pool": .string("a b")]), 400, "pool"),
        ("unknown field", body(["kk": .int(1)]), 400, "kk"),
        ("unknown method", body(["method": .string("best")]), 400, "method"),
        ("negative k", body(["k": .int(-1)]), 400, "k"),
        ("k not an integer", body(["k": .double(1.5)]), 400, "k"),
        ("m zero", body(["m": .int(0)]), 400, "m"),
        ("lambda above 1", body(["lambda": .double(2)]), 400, "lambda"),
        ("sigma zero", body(["sigma": .double(0)]), 400, "sigma"),
        ("n_components zero", body(["n_components": .int(0)]), 400, "n_components"),
        ("negative seed", body(["seed": .int(-3)]), 400, "seed"),
        ("negative initial_k", body(["initial_k": .int(-1)]), 400, "initial_k"),
        ("query_vector of the wrong dim", body(["query_vector": .array([.double(1)])]), 400, "query_vector"),
        ("query_vector with a string", body(["query_vector": .array([.double(1), .string("x"), .double(0)])]), 400, "query_vector[1]"),
        ("query_vector overflowing float32", body(["query_vector": .array([.double(1), .double(1e300), .double(0)])]), 400, "query_vector[1]"),
        ("filter key without metadata.", body(["filter": .object(["n": .int(1)])]), 400, "filter.n"),
        ("filter value an object", body(["filter": .object(["metadata.n": .object([:])])]), 400, "filter.metadata.n"),
        ("filter matching nothing", body(["filter": .object(["metadata.n": .string("1")])]), 400, "filter"),
        ("exclude_ids unknown", body(["exclude_ids": .array([.string("e1"), .string("zz")])]), 400, "exclude_ids[1]"),
        ("exclude_ids everything", body(["exclude_ids": .array((0..<10).map { .string("e\($0)") })]), 400, "exclude_ids"),
        ("generate without an LLM", body(["generate": .bool(true)]), 400, "generate"),
        ("uploaded vectors without query_vector", body([:], drop: ["query_vector"]), 400, "query_vector"),
        ("unknown feature", body(["feature": .string("other")]), 404, "feature"),
        ("unknown checkpoint", body(["checkpoint": .string("late")]), 404, "checkpoint"),
        ("k above m", body(["k": .int(5), "m": .int(3)]), 400, "k"),
        ("body not an object", .array([]), 400, nil),
        ("unknown prompt_format", body(["prompt_format": .string("markdown")]), 400, "prompt_format"),
        ("instruction not a string", body(["instruction": .int(1)]), 400, "instruction"),
        ("answer_pattern not a regex", body(["answer_pattern": .string("(")]), 400, "answer_pattern"),
        ("answer_pattern without a group", body(["answer_pattern": .string("\\d+")]), 400, "answer_pattern"),
        ("generation not an object", body(["generation": .string("hot")]), 400, "generation"),
        ("generation unknown key", body(["generation": .object(["top_p": .double(0.9)])]), 400, "generation.top_p"),
        ("generation temperature above 2", body(["generation": .object(["temperature": .double(2.5)])]), 400, "generation.temperature"),
        ("generation max_tokens zero", body(["generation": .object(["max_tokens": .int(0)])]), 400, "generation.max_tokens"),
        ("generation cot_max_tokens huge", body(["generation": .object(["cot_max_tokens": .int(1 << 20)])]), 400, "generation.cot_max_tokens"),
        ("generation stop empty string", body(["generation": .object(["stop": .array([.string("x"), .string("")])])]), 400, "generation.stop[1]"),
        ("generation stop five", body(["generation": .object(["stop": .array((1...5).map { .string("s\($0)") })])]), 400, "generation.stop"),
        ("generation stop four in text", body(["prompt_format": .string("text"), "generation": .object(["stop": .array((1...4).map { .string("s\($0)") })])]),
         400, "generation.stop"),
        ("generation negative seed", body(["generation": .object(["seed": .int(-1)])]), 400, "generation.seed"),
    ]

    @Test(arguments: cases.indices)
    func badRequest_IsRejected_NamingItsParam_AndChangesNothing(_ i: Int) throws {
        let (name, body, status, param) = Self.cases[i]
        let h = try Self.harness()
        let r = try h.client.json("POST", "/v1/exemplars", body)
        #expect(r.status == status, "\(name): \(r.text)")
        if let param { #expect(r.errorParam == param, "\(name): \(r.text)") }
        if status == 400, name.hasPrefix("filter matching") { #expect(r.errorCode == "empty_input") }
        #expect(try ExemplarPoolSeeder.itemCount(h) == 10)
        #expect(try ExemplarPoolSeeder.rowCount(h) == 10)
    }

    @Test func incompleteFeature_Is400FeatureIncomplete_NamingFeature() throws {
        let h = try Self.harness()
        try ExemplarPoolSeeder.seed(h, items: [ItemInput(extID: "late")])
        let r = try h.client.json("POST", "/v1/exemplars", Self.body([:]))
        #expect(r.status == 400 && r.errorCode == "feature_incomplete" && r.errorParam == "feature")
    }

    @Test func emptyPool_Is400EmptyInput_NamingPool() throws {
        let h = try ServiceHarness.make()
        try h.service.database.write { db in
            let p = try db.createPool(name: "p")
            let f = try db.createFeature(poolID: p.id, name: "embedding")
            _ = try db.createCheckpoint(featureID: f.id, label: "default", dim: 3)
        }
        let r = try h.client.json("POST", "/v1/exemplars", Self.body([:]))
        #expect(r.status == 400 && r.errorCode == "empty_input" && r.errorParam == "pool", "\(r.text)")
    }

    @Test func featureOfAnotherEmbedder_Is400_NamingFeature() throws {
        let h = try ServiceHarness.make()
        try ExemplarPoolSeeder.seed(h, items: ExemplarPoolSeeder.items(3), vectors: [[1, 0], [0, 1], [1, 1]], embedder: "openai-compatible", model: "m1")
        let r = try h.client.json("POST", "/v1/exemplars", Self.body([:], drop: ["query_vector"]))
        #expect(r.status == 400 && r.errorParam == "feature" && r.errorCode == "embedder_mismatch", "\(r.text)")
    }

    @Test func writes_InvalidateTheCachedMatrix() throws {
        let h = try ServiceHarness.make()
        try ExemplarPoolSeeder.seed(h, items: ExemplarPoolSeeder.items(2), vectors: [[1, 0], [0, 1]])
        let ask = Self.body(["query_vector": .array([.double(0), .double(1)]), "method": .string("knn"), "k": .int(1)])
        #expect(try h.client.json("POST", "/v1/exemplars", ask).json()["exemplars"]?.arrayValue?.first?["id"] == .string("e1"))
        #expect(h.service.poolMatrixCache.count == 1)
        try ExemplarPoolSeeder.seed(h, items: [ItemInput(extID: "e2")], vectors: [[1, 0], [0, 1], [0, 5]])
        #expect(try h.client.json("POST", "/v1/exemplars", ask).json()["exemplars"]?.arrayValue?.first?["id"] == .string("e2"))
    }
}
