import Foundation
import JSON
import Selection
import Storage
import Testing
@testable import Service
import TestSupport

/// Every re-ranker through `POST /v1/exemplars` against the golden cases of
/// Tests/Fixtures/exemplars: the fixture pool stored as items + feature rows, the fixture query
/// sent as `query_vector`, order, scores and first-stage ranks compared.
@Suite struct ExemplarFixtureTests {
    static let directory = RepositoryFiles.fixture("exemplars")

    static func fixture(_ name: String) throws -> JSONValue {
        try JSONParser.parse(Array(try Data(contentsOf: directory.appendingPathComponent(name + ".json"))))
    }

    static func floats(_ v: JSONValue?) -> [Float] { v?.arrayValue?.compactMap { $0.doubleValue.map(Float.init) } ?? [] }

    /// The request body: the fixture's params under their API names.
    static func body(_ f: JSONValue) -> JSONValue {
        .object([.init("pool", .string("p")), .init("question", .string("q")), .init("query_vector", f["query"] ?? .null)] + apiParams(f))
    }

    /// The fixture's params under their API names: `reranker` is `method`, `exclude` (pool
    /// indices) becomes `exclude_ids` (the seeded ids e0, e1, ...).
    static func apiParams(_ f: JSONValue) -> [JSONValue.Member] {
        guard case let .object(params)? = f["params"] else { return [] }
        return params.map { m in
            switch m.key {
            case "reranker": return .init("method", m.value)
            case "exclude": return .init("exclude_ids", .array((m.value.arrayValue ?? []).map { .string("e\($0.intValue ?? -1)") }))
            default: return m
            }
        }
    }

    func check(_ name: String) throws {
        let f = try Self.fixture(name)
        let pool = (f["pool"]?.arrayValue ?? []).map { Self.floats($0) }
        let h = try ServiceHarness.make()
        try ExemplarPoolSeeder.seed(h, items: ExemplarPoolSeeder.items(pool.count), vectors: pool)
        let r = try h.client.json("POST", "/v1/exemplars", Self.body(f))
        try #require(r.status == 200, "\(name): \(r.text)")
        let json = try r.json()
        let expected = try #require(f["expected"])
        let exemplars = json["exemplars"]?.arrayValue ?? []
        let order = exemplars.compactMap { $0["index"]?.intValue }
        #expect(order == expected["order"]?.arrayValue?.compactMap(\.intValue), "\(name) order")
        #expect(exemplars.map { $0["id"]?.stringValue } == order.map { "e\($0)" })
        #expect(exemplars.map { $0["rank"]?.intValue } == (0..<order.count).map { $0 + 1 })
        let rtol = f["tolerance"]?["rtol"]?.doubleValue ?? 1e-5, atol = f["tolerance"]?["atol"]?.doubleValue ?? 1e-6
        if let scores = expected["scores"]?.arrayValue, expected["scores"] != .null {
            for (e, s) in zip(exemplars, scores) {
                let got = try #require(e["score"]?.doubleValue), want = try #require(s.doubleValue)
                #expect(abs(got - want) <= atol + rtol * abs(want), "\(name) score \(got) vs \(want)")
            }
        } else {
            #expect(exemplars.allSatisfy { $0["score"] == .null })
        }
        if let positions = expected["positions"]?.arrayValue {
            #expect(exemplars.map { $0["first_stage_rank"]?.intValue } == positions.map { $0.intValue.map { $0 + 1 } })
        } else {
            #expect(exemplars.allSatisfy { $0["first_stage_rank"] == .null })
        }
        for key in ["lore", "mgs_subset_score", "sq_dist"] where expected[key] != nil {
            #expect(json["diagnostics"]?[key] != nil, "\(name) diagnostics.\(key)")
        }
        #expect(json["cache"] == .object(["cot": .string("none"), "embedding": .string("none")]))
        #expect(json["k"] == .int(order.count) && json["cot"] == .null)
    }

    @Test func lore_Defaults_MatchesTheFixture() throws { try check("lore_defaults") }
    @Test func lore_Truncated_MatchesTheFixture() throws { try check("lore_truncated") }
    @Test func knn_WithExcludeIDs_MatchesTheFixture() throws { try check("knn_exclude") }
    @Test func gaussian_MatchesTheFixture() throws { try check("gaussian_sigma_0_5") }
    @Test func mgs_Unnormalised_MatchesTheFixture() throws { try check("mgs_unnormalised") }
    @Test func mmr_MatchesTheFixture() throws { try check("mmr_lambda_0_5") }
    @Test func random_WithExcludeIDs_MatchesTheFixture() throws { try check("random_exclude") }
    @Test func zeroQuery_WithDuplicateRows_MatchesTheFixture() throws { try check("zero_query_duplicates") }

    @Test func includePrompt_InTheTextFormat_RendersTheSpecPrompt_BestFirst_AsPromptAndOneUserMessage() throws {
        let h = try ServiceHarness.make()
        try ExemplarPoolSeeder.seed(h, items: ExemplarPoolSeeder.items(3), vectors: [[1, 0], [0, 1], [0.9, 0.1]])
        let r = try h.client.json("POST", "/v1/exemplars", .object([
            "pool": .string("p"), "question": .string("Q?"), "query_vector": .array([.double(1), .double(0)]),
            "method": .string("knn"), "k": .int(2), "include_prompt": .bool(true), "prompt_format": .string("text"),
        ]))
        #expect(r.status == 200)
        let expected = "Question: question 0\nA: Let's think step by step.\nanswer 0\n\n"
            + "Question: question 2\nA: Let's think step by step.\nanswer 2\n\n" + "Question: Q?\nA: Let's think step by step."
        #expect(try r.json()["prompt"] == .string(expected))
        #expect(try r.json()["messages"] == .array([.object(["role": .string("user"), "content": .string(expected)])]))
        #expect(try r.json()["warnings"]?.arrayValue?.count == 1)  // m lowered to the 3 items
        #expect(try r.json()["requested_k"] == .int(2))
    }
}
