import Foundation
import JSON
import LinearAlgebra
import Selection
import Testing
@testable import Service

/// dsir through `POST /v1/selections` (dsir.md §2, §10): every golden case with its candidates
/// stored as pool items (texts as `text` items rendered by `{text}`, items by their template),
/// targets inline or as a pool; and the 400s and 404s that come before a job exists.
@Suite struct DSIRRouteTests {
    static let directory = SelectionFixtureRouteTests.root.appendingPathComponent("dsir")
    static let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
        .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()

    /// Items as the fixture gives them, or its texts as `text`-only items named item-0, item-1, ...
    static func items(_ f: JSONValue, texts: String, items: String) -> [JSONValue] {
        if let given = f[items]?.arrayValue { return given }
        return (f[texts]?.arrayValue ?? []).enumerated().map { i, t in .object(["id": .string("item-\(i)"), "text": t]) }
    }

    static func store(_ h: ServiceHarness, _ pool: String, _ items: [JSONValue]) throws {
        #expect(try h.client.json("POST", "/v1/pools", .object(["name": .string(pool)])).status == 201)
        let r = try h.client.json("POST", "/v1/pools/\(pool)/items", .object(["items": .array(items)]))
        #expect(r.status == 200, "\(r.text.prefix(300))")
    }

    /// The request: budget and seed at the top level, every other fixture parameter in `params`
    /// (`template: "{text}"` added for plain texts, which the default template would not render).
    static func body(_ f: JSONValue, targets: JSONValue) -> JSONValue {
        let (sent, budget, extra) = SelectionTestData.split(fixtureParams: f["params"])
        var params = sent
        if f["candidate_texts"] != nil { params.append(JSONValue.Member("template", .string("{text}"))) }
        return .object([
            JSONValue.Member("candidates", .object(["pool": .string("cands")])), JSONValue.Member("targets", targets),
            JSONValue.Member("method", .string("dsir")), JSONValue.Member("budget", .object(budget)),
            JSONValue.Member("params", .object(params)),
        ] + extra)
    }

    @Test(arguments: names)
    func fixture_IsReproduced_ThroughTheSelectionsRoute(_ name: String) throws {
        let f = try JSONParser.parse(Array(try Data(contentsOf: Self.directory.appendingPathComponent(name + ".json"))))
        let h = try ServiceHarness.make()
        try Self.store(h, "cands", Self.items(f, texts: "candidate_texts", items: "candidate_items"))
        var targets = JSONValue.object(["texts": f["target_texts"] ?? .null])
        if f["target_items"] != nil {
            try Self.store(h, "tgts", Self.items(f, texts: "target_texts", items: "target_items"))
            targets = .object(["pool": .string("tgts")])
        }
        let job = try SelectionTestData.waitFinished(h.client, try SelectionTestData.submit(h, Self.body(f, targets: targets)))
        try #require(job["status"]?.stringValue == "succeeded", "\(name): \(job)")
        let result = try h.client.json("GET", "/v1/jobs/\(job["id"]?.stringValue ?? "")/result?limit=100000").json()
        let expected = try #require(f["expected"])
        let selected = result["selected"]?.arrayValue ?? []
        let order = selected.compactMap { $0["index"]?.intValue }
        #expect(order == expected["order"]?.arrayValue?.compactMap(\.intValue), "\(name) order")
        let ids = Self.items(f, texts: "candidate_texts", items: "candidate_items").map { $0["id"]?.stringValue }
        #expect(selected.map { $0["id"]?.stringValue } == order.map { ids[$0] }, "\(name) ids")
        #expect(result["k"]?.intValue == expected["k"]?.intValue, "\(name) k")
        let (rtol, atol) = (f["tolerance"]?["rtol"]?.doubleValue ?? 0, f["tolerance"]?["atol"]?.doubleValue ?? 0)
        for (row, want) in zip(selected, expected["scores"]?.arrayValue ?? []) {
            let (a, e) = (row["score"]?.doubleValue ?? .nan, want.doubleValue ?? .nan)
            #expect(abs(a - e) <= atol + rtol * abs(e), "\(name) score \(a) vs \(e)")
        }
        let diagnostics = result["diagnostics"]
        for key in ["mode", "target_features", "candidate_features", "eligible", "empty_candidates"] {
            #expect(diagnostics?[key] == expected[key], "\(name) \(key)")
        }
        #expect(diagnostics?["keys"] == nil, "per-candidate keys stay out of the result")
        #expect(result["warnings"]?.arrayValue?.count == expected["warnings"]?.arrayValue?.count, "\(name) warnings")
    }

    static func refusal(_ h: ServiceHarness, _ body: JSONValue) throws -> (status: Int, param: String?, code: String?) {
        let r = try h.client.json("POST", "/v1/selections", body)
        let error = try r.json()["error"]
        return (r.status, error?["param"]?.stringValue, error?["code"]?.stringValue)
    }

    static func request(candidates: JSONValue = .object(["pool": .string("cands")]), targets: JSONValue = .object(["texts": .array([.string("sold clips")])]),
                        params: [JSONValue.Member] = [], extra: [JSONValue.Member] = []) -> JSONValue {
        .object([
            JSONValue.Member("candidates", candidates), JSONValue.Member("targets", targets), JSONValue.Member("method", .string("dsir")),
            JSONValue.Member("budget", .object(["k": .int(1)])), JSONValue.Member("params", .object(params)),
        ] + extra)
    }

    @Test func badRequests_AreRefused_NamingTheField_BeforeAJobExists() throws {
        let h = try ServiceHarness.make()
        try Self.store(h, "cands", [.object(["id": .string("a"), "question": .string("Natalia sold clips")])])
        #expect(try h.client.json("POST", "/v1/pools", .object(["name": .string("empty")])).status == 201)
        let cases: [(JSONValue, Int, String, String?)] = [
            (Self.request(candidates: .object(["pool": .string("cands"), "feature": .string("emb")])), 400, "candidates.feature", "unknown_parameter"),
            (Self.request(targets: .object(["pool": .string("cands"), "feature": .string("emb")])), 400, "targets.feature", "unknown_parameter"),
            (Self.request(targets: .object(["vectors": .array([])])), 400, "targets.vectors", "unknown_parameter"),
            (Self.request(extra: [JSONValue.Member("checkpoint_weights", .object([:]))]), 400, "checkpoint_weights", "unknown_parameter"),
            (Self.request(params: [JSONValue.Member("lambda", .int(1))]), 400, "params.lambda", "unknown_parameter"),
            (Self.request(params: [JSONValue.Member("ngrams", .int(4))]), 400, "params.ngrams", "invalid_parameter"),
            (Self.request(params: [JSONValue.Member("num_buckets", .int(0))]), 400, "params.num_buckets", "invalid_parameter"),
            (Self.request(params: [JSONValue.Member("mode", .string("best"))]), 400, "params.mode", "invalid_parameter"),
            (Self.request(params: [JSONValue.Member("smoothing", .double(-1))]), 400, "params.smoothing", "invalid_parameter"),
            (Self.request(params: [JSONValue.Member("template", .string("{name}"))]), 400, "params.template", "invalid_parameter"),
            (Self.request(params: [JSONValue.Member("template", .string("a } b"))]), 400, "params.template", "invalid_parameter"),
            (Self.request(params: [JSONValue.Member("target_template", .string("{text}"))]), 400, "params.target_template", "invalid_parameter"),
            (Self.request(targets: .object(["texts": .array([])])), 400, "targets.texts", "empty_input"),
            (Self.request(targets: .object(["pool": .string("empty")])), 400, "targets", "empty_input"),
            (Self.request(candidates: .object(["pool": .string("empty")])), 400, "candidates", "empty_input"),
            (Self.request(candidates: .object(["pool": .string("nope")])), 404, "candidates.pool", nil),
            (Self.request(targets: .object(["pool": .string("nope")])), 404, "targets.pool", nil),
        ]
        for (body, status, param, code) in cases {
            let got = try Self.refusal(h, body)
            #expect(got.status == status && got.param == param, "\(param): \(got)")
            if let code { #expect(got.code == code, "\(param): \(got)") }
        }
        #expect(try h.client.json("GET", "/v1/jobs").json()["data"]?.arrayValue?.isEmpty == true)
    }

    @Test func theJobsRequest_EchoesEveryDefault_AndTheSeed() throws {
        let h = try ServiceHarness.make()
        try Self.store(h, "cands", [.object(["id": .string("a"), "question": .string("Natalia sold clips")])])
        let id = try SelectionTestData.submit(h, Self.request())
        let request = try h.client.json("GET", "/v1/jobs/\(id)").json()["request"]
        #expect(request?["candidates"] == .object(["pool": .string("cands")]))
        #expect(request?["targets"] == .object(["texts": .array([.string("sold clips")])]))
        #expect(request?["params"]?["num_buckets"]?.intValue == 10000)
        #expect(request?["params"]?["template"]?.stringValue == "{question}\n{answer}")
        #expect(request?["params"]?["target_template"] == nil)
        #expect(request?["seed"]?.intValue == 0)
        #expect(request?["checkpoint_weights"] == nil)
        let job = try SelectionTestData.waitFinished(h.client, id)
        #expect(job["status"]?.stringValue == "succeeded", "\(job)")
    }

    /// Pools `cands` (40 items "text 0", ...) and `tgts` (5 items), each with the feature `emb`
    /// unless `targetFeature` names another; a top-k dsir job on the pools' texts.
    static func qualityJob(targetFeature: String = "emb", targets: JSONValue = .object(["pool": .string("tgts")])) throws
        -> (result: JSONValue, candidates: Matrix, targets: Matrix) {
        let h = try ServiceHarness.make()
        let candidates = try SelectionTestData.pool(h, "cands", n: 40, d: 6, seed: 1)
        let targetRows = try SelectionTestData.pool(h, "tgts", n: 5, d: 6, seed: 2, feature: targetFeature)
        let body = Self.request(targets: targets, params: [JSONValue.Member("template", .string("{text}")), JSONValue.Member("mode", .string("top"))])
        let job = try SelectionTestData.waitFinished(h.client, try SelectionTestData.submit(h, body))
        try #require(job["status"]?.stringValue == "succeeded", "\(job)")
        let result = try h.client.json("GET", "/v1/jobs/\(job["id"]?.stringValue ?? "")/result?limit=1000").json()
        return (result, candidates, targetRows)
    }

    /// When both pools hold the feature, `quality` is measured on its vectors (one extra pass),
    /// exactly as the engine measures the same order on the same matrices.
    @Test func quality_IsMeasuredOnTheFeatureBothPoolsHold() throws {
        let (result, candidates, targets) = try Self.qualityJob()
        let order = (result["selected"]?.arrayValue ?? []).compactMap { $0["index"]?.intValue }
        #expect(order.count == 1)
        let s = try SimilarityMatrix.compute(SelectionInput(candidates: candidates, targets: targets), weights: [1])
        let want = try #require(SelectionQuality.measure(s, order: order))
        #expect(result["diagnostics"]?["quality"] == want.json)
    }

    @Test func quality_IsNull_WithoutAFeatureBothPoolsHold_OrWithInlineTexts() throws {
        #expect(try Self.qualityJob(targetFeature: "other").result["diagnostics"]?["quality"] == .null)
        #expect(try Self.qualityJob(targets: .object(["texts": .array([.string("text 3")])])).result["diagnostics"]?["quality"] == .null)
    }
}
