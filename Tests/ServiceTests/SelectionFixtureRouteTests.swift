import Foundation
import JSON
import LinearAlgebra
import Selection
import Testing
@testable import Service

/// The golden cases of the coverage selectors through the HTTP routes: the fixture's candidates
/// stored as a pool feature (one checkpoint per fixture checkpoint, with its weight), targets
/// sent inline, the job's `selected` rows and `diagnostics` compared with the `expected` block
/// (fixtures/README: orders and integers exactly, floats within the file's tolerance).
@Suite struct SelectionFixtureRouteTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    static let directories = ["facility_location", "leverage"]

    static var cases: [String] {
        directories.flatMap { dir in
            ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(dir).path)) ?? [])
                .filter { $0.hasSuffix(".json") }.sorted().map { "\(dir)/\($0.dropLast(5))" }
        }
    }

    static func matrix(_ rows: JSONValue?) -> Matrix {
        let arrays = (rows?.arrayValue ?? []).map { ($0.arrayValue ?? []).compactMap { $0.doubleValue.map(Float.init) } }
        return Matrix(rowArrays: arrays) ?? Matrix(rows: 0, cols: 0)
    }

    /// The fixture's checkpoints as (label, weight, candidates, targets).
    static func checkpoints(_ f: JSONValue) -> [(label: String, weight: Double, candidates: Matrix, targets: Matrix)] {
        if let cps = f["checkpoints"]?.arrayValue {
            return cps.enumerated().map { t, cp in
                ("cp\(t)", cp["weight"]?.doubleValue ?? 1, matrix(cp["candidates"]), matrix(cp["targets"]))
            }
        }
        return [("default", 1, matrix(f["candidates"]), matrix(f["targets"]))]
    }

    /// The request: budget and seed at the top level, every other fixture parameter in `params`.
    static func body(_ f: JSONValue, method: String, checkpoints cps: [(label: String, weight: Double, candidates: Matrix, targets: Matrix)]) -> JSONValue {
        let (params, budget, extra) = SelectionTestData.split(fixtureParams: f["params"])
        let targets: JSONValue = cps.count == 1
            ? .object(["vectors": SelectionTestData.inlineRows(cps[0].targets)])
            : .object(["checkpoints": .object(cps.map { JSONValue.Member($0.label, SelectionTestData.inlineRows($0.targets)) })])
        return SelectionTestData.body(method: method, targets: targets, budget: .object(budget), params: .object(params), extra: extra)
    }

    @Test(arguments: cases)
    func fixture_IsReproduced_ThroughTheSelectionsRoute(_ id: String) throws {
        let f = try JSONParser.parse(Array(try Data(contentsOf: Self.root.appendingPathComponent(id + ".json"))))
        let method = try #require(f["method"]?.stringValue)
        let cps = Self.checkpoints(f)
        let h = try ServiceHarness.make()
        try SelectionTestData.createPool(h, "cands", items: cps[0].candidates.rows)
        for cp in cps {
            try SelectionTestData.writeFeature(h, pool: "cands", feature: "emb", label: cp.label, weight: cp.weight, cp.candidates)
        }
        let job = try SelectionTestData.waitFinished(h.client, try SelectionTestData.submit(h, Self.body(f, method: method, checkpoints: cps)))
        try #require(job["status"]?.stringValue == "succeeded", "\(id): \(job)")
        let result = try h.client.json("GET", "/v1/jobs/\(job["id"]?.stringValue ?? "")/result?limit=100000").json()
        let expected = try #require(f["expected"])
        let selected = result["selected"]?.arrayValue ?? []
        let order = selected.compactMap { $0["index"]?.intValue }
        #expect(order == expected["order"]?.arrayValue?.compactMap(\.intValue), "\(id) order")
        #expect(selected.map { $0["id"]?.stringValue } == order.map { SelectionTestData.itemID($0) }, "\(id) ids")
        #expect(result["k"]?.intValue == expected["k"]?.intValue, "\(id) k")
        let tolerance = (rtol: f["tolerance"]?["rtol"]?.doubleValue ?? 1e-5, atol: f["tolerance"]?["atol"]?.doubleValue ?? 1e-6)
        func close(_ got: JSONValue?, _ want: JSONValue?, _ what: String) {
            switch (got, want) {
            case (.null?, .null?): break
            case let (g?, w?) where g.doubleValue != nil && w.doubleValue != nil:
                let (a, e) = (g.doubleValue!, w.doubleValue!)
                #expect(abs(a - e) <= tolerance.atol + tolerance.rtol * abs(e), "\(id) \(what): \(a) vs \(e)")
            default:
                Issue.record("\(id) \(what): got \(got.map(JSONWriter.text) ?? "nothing"), expected \(want.map(JSONWriter.text) ?? "nothing")")
            }
        }
        for (row, score) in zip(selected, expected["scores"]?.arrayValue ?? []) { close(row["score"], score, "score") }
        if let rounds = expected["round"]?.arrayValue {
            #expect(selected.map { $0["round"]?.intValue } == rounds.map(\.intValue), "\(id) round")
        }
        let diagnostics = result["diagnostics"]
        for key in ["coverage", "relevance", "nn_recall"] {
            close(diagnostics?["quality"]?[key], expected["quality"]?[key], "quality.\(key)")
        }
        for key in ["lambda", "effective_dim"] where expected[key] != nil { close(diagnostics?[key], expected[key], key) }
        for key in ["n_positive", "mode"] where expected[key] != nil {
            #expect(diagnostics?[key] == expected[key], "\(id) \(key)")
        }
        #expect(diagnostics?["all_scores"] == nil, "per-candidate scores stay out of the result")
    }
}
