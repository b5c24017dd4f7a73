import Foundation
import JSON
import LinearAlgebra
import Selection
@testable import Service
import Testing

/// POST /v1/selections -> job -> result, over real sockets, checked against the engine run
/// directly on the same matrices.
@Suite struct SelectionLifecycleTests {
    static let n = 60
    static let d = 8
    static let m = 6

    /// Small pools: candidates `cands` (N x d) and targets `tgts` (M x d), feature `emb`.
    static func harness(blockRows: Int = 7) throws -> (ServiceHarness, Matrix, Matrix) {
        let h = try ServiceHarness.make { $0.blockRows = blockRows }
        let candidates = try SelectionTestData.pool(h, "cands", n: n, d: d, seed: 1)
        let targets = try SelectionTestData.pool(h, "tgts", n: m, d: d, seed: 2)
        return (h, candidates, targets)
    }

    static func engineResult(_ method: String, _ candidates: Matrix, _ targets: Matrix, budget: Budget? = .count(10)) throws -> SelectionResult {
        let selector = try #require(SelectionEngine.selector(named: method))
        return try selector.selectAndMeasure(SelectionInput(candidates: candidates, targets: targets), budget: budget,
                                   parameters: Parameters(), seed: nil, control: .none)
    }

    static func expectSame(_ rows: [JSONValue], _ expected: SelectionResult) {
        #expect(rows.map { $0["index"]?.intValue ?? -1 } == expected.order)
        #expect(rows.map { $0["id"]?.stringValue ?? "" } == expected.order.map(SelectionTestData.itemID))
        #expect(rows.map { $0["rank"]?.intValue ?? -1 } == Array(1...max(1, rows.count)).prefix(rows.count).map { $0 })
        let scores = rows.map { $0["score"]?.doubleValue }
        if let s = expected.scores { #expect(scores == s.map { Optional($0) }) } else { #expect(scores.allSatisfy { $0 == nil }) }
        if let w = expected.weights { #expect(rows.map { $0["weight"]?.doubleValue } == w.map { Optional($0) }) }
        if let p = expected.pickedBy { #expect(rows.map { $0["picked_by"]?.intValue } == p.map { Optional($0) }) }
    }

    /// Every method on vectors (`dsir`, on the items' text, has DSIRRouteTests).
    @Test(arguments: SelectionEngine.vectorMethodNames)
    func everyMethod_JobResult_EqualsTheEngineOnTheSameMatrices(method: String) throws {
        let (h, candidates, targets) = try Self.harness()
        let id = try SelectionTestData.submit(h, SelectionTestData.body(method: method))
        let job = try SelectionTestData.waitFinished(h.client, id)
        #expect(job["status"]?.stringValue == "succeeded", "\(job)")
        let rows = try SelectionTestData.selected(h.client, id)
        let expected = try Self.engineResult(method, candidates, targets)
        Self.expectSame(rows, expected)
        let result = try h.client.json("GET", "/v1/jobs/\(id)/result").json()
        #expect(result["object"]?.stringValue == "selection")
        #expect(result["method"]?.stringValue == method)
        #expect(result["k"]?.intValue == expected.order.count)
        #expect(result["total"]?.intValue == expected.order.count)
        #expect(result["diagnostics"]?["all_scores"] == nil)
        #expect(result["diagnostics"]?["quality"] == expected.diagnostic("quality"), "\(method)")
        #expect(result["warnings"]?.arrayValue != nil)
        Self.expectScoreHistogram(result["diagnostics"]?["score_histogram"], expected)
    }

    /// A method that scores every candidate reports the exact histogram of those scores, selected
    /// vs not; the others report none.
    static func expectScoreHistogram(_ histogram: JSONValue?, _ expected: SelectionResult) {
        guard let scores = expected.diagnostic("all_scores")?.arrayValue?.compactMap(\.doubleValue) else {
            #expect(histogram == nil)
            return
        }
        guard let edges = histogram?["edges"]?.arrayValue?.compactMap(\.doubleValue),
              let selected = histogram?["selected"]?.arrayValue?.compactMap(\.intValue),
              let others = histogram?["not_selected"]?.arrayValue?.compactMap(\.intValue) else {
            Issue.record("no score_histogram: \(String(describing: histogram))")
            return
        }
        #expect(edges.first == scores.min() && edges.last == scores.max())
        var want = (selected: [Int](repeating: 0, count: edges.count - 1), others: [Int](repeating: 0, count: edges.count - 1))
        let chosen = Set(expected.order)
        for (j, v) in scores.enumerated() {
            let bin = (edges.indices.dropFirst().first { v < edges[$0] } ?? edges.count - 1) - 1
            if chosen.contains(j) { want.selected[bin] += 1 } else { want.others[bin] += 1 }
        }
        #expect(selected == want.selected && others == want.others)
        #expect(selected.reduce(0, +) == chosen.count && selected.reduce(0, +) + others.reduce(0, +) == scores.count)
    }

    @Test func job_GoesFromQueuedToSucceeded_WithTimestampsAndProgress() throws {
        let (h, _, _) = try Self.harness()
        let r = try h.client.json("POST", "/v1/selections", SelectionTestData.body(method: "round_robin"))
        #expect(r.status == 202)
        let created = try r.json()
        #expect(created["object"]?.stringValue == "job")
        #expect(created["kind"]?.stringValue == "selection")
        #expect(created["status"]?.stringValue == "queued")
        #expect(created["error"] == nil)
        let id = try #require(created["id"]?.stringValue)
        #expect(id.count == 32 && id.allSatisfy(\.isHexDigit))
        let done = try SelectionTestData.waitFinished(h.client, id)
        #expect(done["status"]?.stringValue == "succeeded")
        for key in ["created_at", "started_at", "finished_at", "last_progress_at"] { #expect(done[key]?.stringValue != nil, "\(key)") }
        #expect(done["progress"]?["stage"]?.stringValue != nil)
        let list = try h.client.json("GET", "/v1/jobs").json()
        #expect(list["data"]?.arrayValue?.first?["id"]?.stringValue == id)
    }

    @Test func jobRequest_ShowsEveryDefaultFilledIn() throws {
        let (h, _, _) = try Self.harness()
        let uot = try SelectionTestData.submit(h, SelectionTestData.body(method: "uot", params: .object(["eps": .double(0.05)])))
        let uotRequest = try #require(try h.client.json("GET", "/v1/jobs/\(uot)").json()["request"])
        #expect(uotRequest["params"] == .object(["eps": .double(0.05), "reg_m": .double(0.0001), "max_iter": .int(1000), "tol": .double(0.000001)]))
        #expect(uotRequest["checkpoint_weights"] == .object(["default": .double(1)]))
        #expect(uotRequest["budget"] == .object(["k": .int(10)]))
        #expect(uotRequest["seed"] == nil)
        let random = try SelectionTestData.submit(h, SelectionTestData.body(method: "random", targets: nil, budget: .object(["fraction": .double(0.5)])))
        let randomRequest = try #require(try h.client.json("GET", "/v1/jobs/\(random)").json()["request"])
        #expect(randomRequest["seed"] == .int(0))
        #expect(randomRequest["params"] == .object([]))
        #expect(randomRequest["targets"] == nil)
        #expect(randomRequest["budget"] == .object(["fraction": .double(0.5)]))
        let rr = try SelectionTestData.submit(h, SelectionTestData.body(method: "round_robin", extra: [JSONValue.Member("seed", .int(9))]))
        #expect(try h.client.json("GET", "/v1/jobs/\(rr)").json()["request"]?["seed"] == .int(9))
        for id in [uot, random, rr] { #expect(try SelectionTestData.waitFinished(h.client, id)["status"]?.stringValue == "succeeded") }
    }

    @Test func random_WithSeedAndNoTargets_EqualsTheEnginePermutation() throws {
        let (h, candidates, _) = try Self.harness()
        let id = try SelectionTestData.submit(h, SelectionTestData.body(method: "random", targets: nil, extra: [JSONValue.Member("seed", .int(7))]))
        #expect(try SelectionTestData.waitFinished(h.client, id)["status"]?.stringValue == "succeeded")
        let expected = try RandomSelector.select(SelectionInput(candidates: candidates, targets: Matrix(rows: 0, cols: Self.d)),
                                                 budget: .count(10), parameters: Parameters(), seed: 7, control: .none)
        Self.expectSame(try SelectionTestData.selected(h.client, id), expected)
    }

    @Test func twoCheckpoints_InlineTargetsAndWeights_EqualTheEngine() throws {
        let h = try ServiceHarness.make { $0.blockRows = 9 }
        let a = try SelectionTestData.pool(h, "cands", n: Self.n, d: Self.d, seed: 3)
        let b = SelectionTestData.matrix(rows: Self.n, cols: 5, seed: 4)
        try SelectionTestData.writeFeature(h, pool: "cands", feature: "emb", label: "late", weight: 2, b)
        let ta = SelectionTestData.matrix(rows: 4, cols: Self.d, seed: 5)
        let tb = SelectionTestData.matrix(rows: 4, cols: 5, seed: 6)
        let body = SelectionTestData.body(
            method: "less",
            targets: .object(["checkpoints": .object(["late": SelectionTestData.inlineRows(tb), "default": SelectionTestData.inlineRows(ta)])]),
            params: .object(["groups": .string("all")]),
            extra: [JSONValue.Member("checkpoint_weights", .object(["default": .double(0.25), "late": .double(0.75)]))])
        let id = try SelectionTestData.submit(h, body)
        let job = try SelectionTestData.waitFinished(h.client, id)
        #expect(job["status"]?.stringValue == "succeeded", "\(job)")
        #expect(job["request"]?["checkpoint_weights"] == .object(["default": .double(0.25), "late": .double(0.75)]))
        let input = SelectionInput(checkpoints: [
            SelectionCheckpoint(label: "default", weight: 0.25, candidates: MatrixRowSource(a), targets: ta),
            SelectionCheckpoint(label: "late", weight: 0.75, candidates: MatrixRowSource(b), targets: tb),
        ])
        let expected = try LessSelector.select(input, budget: .count(10), parameters: Parameters(["groups": .string("all")]), seed: nil, control: .none)
        Self.expectSame(try SelectionTestData.selected(h.client, id), expected)
    }

    @Test func storedWeights_AreUsed_WhenNoCheckpointWeightsAreSent() throws {
        let h = try ServiceHarness.make { $0.blockRows = 16 }
        let a = try SelectionTestData.pool(h, "cands", n: Self.n, d: Self.d, seed: 3)
        let b = SelectionTestData.matrix(rows: Self.n, cols: Self.d, seed: 8)
        try SelectionTestData.writeFeature(h, pool: "cands", feature: "emb", label: "late", weight: 3, b)
        try SelectionTestData.createPool(h, "tgts", items: 5)
        let ta = SelectionTestData.matrix(rows: 5, cols: Self.d, seed: 9)
        let tb = SelectionTestData.matrix(rows: 5, cols: Self.d, seed: 10)
        try SelectionTestData.writeFeature(h, pool: "tgts", feature: "emb", weight: 100, ta)
        try SelectionTestData.writeFeature(h, pool: "tgts", feature: "emb", label: "late", weight: 100, tb)
        let id = try SelectionTestData.submit(h, SelectionTestData.body(method: "round_robin"))
        let job = try SelectionTestData.waitFinished(h.client, id)
        #expect(job["request"]?["checkpoint_weights"] == .object(["default": .double(1), "late": .double(3)]))
        let input = SelectionInput(checkpoints: [
            SelectionCheckpoint(label: "default", weight: 1, candidates: MatrixRowSource(a), targets: ta),
            SelectionCheckpoint(label: "late", weight: 3, candidates: MatrixRowSource(b), targets: tb),
        ])
        Self.expectSame(try SelectionTestData.selected(h.client, id),
                        try RoundRobinSelector.select(input, budget: .count(10), parameters: Parameters(), seed: nil, control: .none))
    }

    @Test func gist_PerCheckpointFigures_AreAListNamingEachLabel() throws {
        let h = try ServiceHarness.make { $0.blockRows = 11 }
        try SelectionTestData.pool(h, "cands", n: Self.n, d: Self.d, seed: 3)
        try SelectionTestData.writeFeature(h, pool: "cands", feature: "emb", label: "late", SelectionTestData.matrix(rows: Self.n, cols: 5, seed: 4))
        let body = SelectionTestData.body(method: "gist", targets: .object(["checkpoints": .object([
            "default": SelectionTestData.inlineRows(SelectionTestData.matrix(rows: 4, cols: Self.d, seed: 5)),
            "late": SelectionTestData.inlineRows(SelectionTestData.matrix(rows: 4, cols: 5, seed: 6)),
        ])]))
        let id = try SelectionTestData.submit(h, body)
        #expect(try SelectionTestData.waitFinished(h.client, id)["status"]?.stringValue == "succeeded")
        let diagnostics = try #require(try h.client.json("GET", "/v1/jobs/\(id)/result").json()["diagnostics"])
        let checkpoints = try #require(diagnostics["checkpoints"]?.arrayValue)
        #expect(checkpoints.map { $0["label"]?.stringValue } == ["default", "late"])
        #expect(checkpoints.allSatisfy { $0["rank_used"]?.intValue != nil && $0["energy_captured"]?.doubleValue != nil })
        #expect(diagnostics["rank_used"] == nil)
        #expect(diagnostics["energy_captured"] == nil)
        #expect(diagnostics["all_scores"] == nil)
    }

    @Test func tarotOTM_ReturnsASetInAscendingIndex_WithPotentials() throws {
        let (h, candidates, targets) = try Self.harness()
        let id = try SelectionTestData.submit(h, SelectionTestData.body(method: "tarot", budget: .null))
        let job = try SelectionTestData.waitFinished(h.client, id)
        #expect(job["status"]?.stringValue == "succeeded", "\(job)")
        let result = try h.client.json("GET", "/v1/jobs/\(id)/result").json()
        let rows = result["selected"]?.arrayValue ?? []
        let indices = rows.compactMap { $0["index"]?.intValue }
        #expect(indices == indices.sorted())
        #expect(rows.allSatisfy { $0["score"] == .null && $0["weight"]?.doubleValue != nil })
        #expect(result["k"]?.intValue == rows.count)
        #expect(result["diagnostics"]?["ratio"]?.doubleValue != nil)
        #expect(result["diagnostics"]?["folds"]?.arrayValue != nil)
        Self.expectSame(rows, try Self.engineResult("tarot", candidates, targets, budget: nil))
    }
}
