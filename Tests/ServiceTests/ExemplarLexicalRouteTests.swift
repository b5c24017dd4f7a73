import Foundation
import JSON
import Selection
import Storage
import Testing
@testable import Service

/// `bm25`, `hybrid`, `dpp` and `max_prompt_bytes` at `POST /v1/exemplars`: what they need, what
/// they refuse, and the search table following the item routes.
@Suite struct ExemplarLexicalRouteTests {
    /// Ten items with vectors (uploaded: no embedder), questions about fruit or tools.
    static func harness() throws -> ServiceHarness {
        let h = try ServiceHarness.make()
        let items = (0..<10).map { i in
            ItemInput(extID: "e\(i)", question: i % 2 == 0 ? "How many apples does Ana have? \(i)" : "Which hammer fits nail \(i)?", answer: "answer \(i)")
        }
        try ExemplarPoolSeeder.seed(h, items: items, vectors: (0..<10).map { i in [Float(i), 1, Float(i % 3)] })
        return h
    }

    static func body(_ extra: KeyValuePairs<String, JSONValue>) -> JSONValue {
        var members: [JSONValue.Member] = [
            .init("pool", .string("p")), .init("question", .string("apples for Ana")),
            .init("query_vector", .array([.double(1), .double(0), .double(0)])),
        ]
        for (k, v) in extra {
            members.removeAll { $0.key == k }
            members.append(.init(k, v))
        }
        return .object(members)
    }

    /// (name, body, param, code; nil for a wrong JSON type, which has no code).
    static let cases: [(String, JSONValue, String, String?)] = [
        ("rrf_c negative, any method", body(["method": .string("knn"), "rrf_c": .double(-1)]), "rrf_c", "invalid_parameter"),
        ("rrf_c a string", body(["method": .string("hybrid"), "rrf_c": .string("60")]), "rrf_c", nil),
        ("scale_factor zero, any method", body(["method": .string("bm25"), "scale_factor": .double(0)]), "scale_factor", "invalid_parameter"),
        ("max_prompt_bytes zero", body(["max_prompt_bytes": .int(0)]), "max_prompt_bytes", "invalid_parameter"),
        ("max_prompt_bytes not an integer", body(["max_prompt_bytes": .double(100.5)]), "max_prompt_bytes", nil),
        ("max_prompt_bytes below the question part", body(["method": .string("bm25"), "max_prompt_bytes": .int(40)]), "max_prompt_bytes", "invalid_budget"),
        ("hybrid k above m", body(["method": .string("hybrid"), "k": .int(5), "m": .int(3)]), "k", "invalid_budget"),
        ("dpp k above m", body(["method": .string("dpp"), "k": .int(5), "m": .int(3)]), "k", "invalid_budget"),
    ]

    @Test(arguments: cases.indices)
    func badLexicalParameter_IsRejected_NamingIt(_ i: Int) throws {
        let (name, body, param, code) = Self.cases[i]
        let h = try Self.harness()
        let r = try h.client.json("POST", "/v1/exemplars", body)
        #expect(r.status == 400, "\(name): \(r.text)")
        #expect(r.errorParam == param, "\(name): \(r.text)")
        #expect(r.errorCode == code, "\(name): \(r.text)")
        #expect(try ExemplarPoolSeeder.itemCount(h) == 10)
    }

    @Test func budgetBelowTheQuestionPart_SaysHowManyBytesThatPartHas() throws {
        let h = try Self.harness()
        let r = try h.client.json("POST", "/v1/exemplars", Self.body(["max_prompt_bytes": .int(40)]))
        // 39 bytes of frame + 14 of "apples for Ana".
        #expect(r.text.contains("53"), "\(r.text)")
    }

    @Test func unknownMethod_ListsTheNineNames() throws {
        let h = try Self.harness()
        let r = try h.client.json("POST", "/v1/exemplars", Self.body(["method": .string("best")]))
        #expect(r.status == 400 && r.errorParam == "method")
        for name in ["lore", "knn", "gaussian", "mgs", "mmr", "random", "bm25", "hybrid", "dpp"] { #expect(r.text.contains(name), "\(name)") }
    }

    @Test func bm25_OnAPoolWithoutFeatureOrEmbedder_AnswersFromTheQuestionAlone() throws {
        let h = try ServiceHarness.make()
        try ExemplarPoolSeeder.seed(h, items: [
            ItemInput(extID: "a", question: "hammer and nails"), ItemInput(extID: "b", question: "Apples, for ANA!"),
            ItemInput(extID: "c", question: nil, answer: "no question"),
        ])
        let r = try h.client.json("POST", "/v1/exemplars", .object([
            "pool": .string("p"), "question": .string("apples ana"), "method": .string("bm25"), "k": .int(2),
            "dual_query": .bool(true), "initial_k": .int(3),
        ]))
        try #require(r.status == 200, "\(r.text)")
        let json = try r.json()
        #expect(json["exemplars"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["b", "a"])
        #expect(json["cot"] == .null)
        #expect(json["cache"] == .object(["cot": .string("none"), "embedding": .string("none")]))
        #expect(json["timings_ms"]?["llm"] == .double(0) && json["timings_ms"]?["embed"] == .double(0))
        #expect(json["diagnostics"]?["bm25"]?["n_matched"] == .int(1))
        #expect(json["warnings"]?.arrayValue?.count == 1)
    }

    @Test func bm25_FollowsTheItemRoutes_UpsertReplaceAndDelete() throws {
        let h = try ServiceHarness.make()
        #expect(try h.client.json("POST", "/v1/pools", .object(["name": .string("p")])).status == 201)
        func put(_ id: String, _ question: String) throws {
            let r = try h.client.json("POST", "/v1/pools/p/items", .object(["items": .array([.object(["id": .string(id), "question": .string(question)])])]))
            #expect(r.status == 200 || r.status == 201, "\(r.text)")
        }
        func best(_ question: String) throws -> [String] {
            let r = try h.client.json("POST", "/v1/exemplars", .object(["pool": .string("p"), "question": .string(question), "method": .string("bm25"), "k": .int(1)]))
            return try r.json()["exemplars"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        }
        try put("x", "zebra crossing")
        try put("y", "quokka selfie")
        #expect(try best("quokka") == ["y"])
        try put("y", "zebra stripes")
        try put("x", "quokka photos")
        #expect(try best("quokka") == ["x"])
        #expect(try h.client.request("DELETE", "/v1/pools/p/items/x").status == 204)
        let r = try h.client.json("POST", "/v1/exemplars", .object(["pool": .string("p"), "question": .string("quokka"), "method": .string("bm25"), "k": .int(1)]))
        #expect(try r.json()["diagnostics"]?["bm25"]?["n_matched"] == .int(0))
    }

    @Test func budget_SkipsWhatDoesNotFit_AndKeepsLaterRanksThatDo() throws {
        let h = try ServiceHarness.make()
        let long = String(repeating: "é", count: 200)
        try ExemplarPoolSeeder.seed(h, items: [
            ItemInput(extID: "a", question: "apples one", answer: "x"), ItemInput(extID: "b", question: "apples apples two", answer: long),
            ItemInput(extID: "c", question: "apples three", answer: "y"),
        ])
        // Base 39 + 6 ("apples") = 45; a costs 42 + 10 + 1 = 53, c 42 + 12 + 1 = 55; b (400 bytes) never fits.
        let r = try h.client.json("POST", "/v1/exemplars", .object([
            "pool": .string("p"), "question": .string("apples"), "method": .string("bm25"), "k": .int(3), "max_prompt_bytes": .int(45 + 53 + 55),
        ]))
        try #require(r.status == 200, "\(r.text)")
        let json = try r.json()
        let kept = json["exemplars"]?.arrayValue ?? []
        #expect(kept.compactMap { $0["id"]?.stringValue } == ["a", "c"] || kept.compactMap { $0["id"]?.stringValue } == ["c", "a"])
        #expect(json["skipped"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["b"])
        #expect(json["prompt_bytes"] == .int(45 + 53 + 55))
        #expect(json["k"] == .int(2) && json["requested_k"] == .int(3))
        let ranks = kept.compactMap { $0["rank"]?.intValue } + (json["skipped"]?.arrayValue?.compactMap { $0["rank"]?.intValue } ?? [])
        #expect(Set(ranks) == [1, 2, 3])
    }

    @Test func nullBudget_MeansNone_AndPromptBytesIsStillReported() throws {
        let h = try Self.harness()
        let r = try h.client.json("POST", "/v1/exemplars", Self.body(["method": .string("knn"), "k": .int(2), "max_prompt_bytes": .null]))
        try #require(r.status == 200, "\(r.text)")
        let json = try r.json()
        #expect(json["k"] == .int(2) && json["skipped"] == .array([]))
        #expect(json["prompt_bytes"]?.intValue ?? 0 > 53)
    }
}
