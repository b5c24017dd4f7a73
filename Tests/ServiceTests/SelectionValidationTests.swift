import Foundation
import JSON
import LinearAlgebra
import Selection
@testable import Service
import Testing

/// Every malformed selection request is refused with a 400 naming the field, before a job
/// exists: `GET /v1/jobs` stays empty.
@Suite struct SelectionValidationTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let body: JSONValue
        let param: String?
        let code: String?
        var description: String { name }
    }

    static let targets = JSONValue.object(["pool": .string("tgts"), "feature": .string("emb")])
    static func vectors(_ rows: [[Double]]) -> JSONValue { .object(["vectors": .array(rows.map { .array($0.map(JSONValue.double)) })]) }
    static let row4: [Double] = [0.1, 0.2, 0.3, 0.4]

    static let cases: [Case] = [
        Case(name: "body not an object", body: .array([]), param: nil, code: nil),
        Case(name: "unknown top-level key", body: SelectionTestData.body(method: "round_robin", extra: [JSONValue.Member("lambda", .int(1))]), param: "lambda", code: "unknown_parameter"),
        Case(name: "missing candidates", body: .object(["method": .string("random"), "budget": .object(["k": .int(1)])]), param: "candidates", code: nil),
        Case(name: "unknown candidates pool", body: SelectionTestData.body(method: "round_robin", candidates: "nope"), param: "candidates.pool", code: nil),
        Case(name: "bad candidates pool name", body: SelectionTestData.body(method: "round_robin", candidates: "no pe"), param: "candidates.pool", code: nil),
        Case(name: "unknown candidates feature", body: .object(["candidates": .object(["pool": .string("cands"), "feature": .string("other")]), "targets": targets, "method": .string("less"), "budget": .object(["k": .int(1)])]), param: "candidates.feature", code: nil),
        Case(name: "unknown key in candidates", body: .object(["candidates": .object(["pool": .string("cands"), "feature": .string("emb"), "x": .int(1)]), "targets": targets, "method": .string("less"), "budget": .object(["k": .int(1)])]), param: "candidates.x", code: "unknown_parameter"),
        Case(name: "missing method", body: .object(["candidates": .object(["pool": .string("cands"), "feature": .string("emb")]), "budget": .object(["k": .int(1)])]), param: "method", code: nil),
        Case(name: "unknown method", body: SelectionTestData.body(method: "best"), param: "method", code: "invalid_parameter"),
        Case(name: "budget missing", body: .object(["candidates": .object(["pool": .string("cands"), "feature": .string("emb")]), "targets": targets, "method": .string("less")]), param: "budget", code: "invalid_budget"),
        Case(name: "budget null for less", body: SelectionTestData.body(method: "less", budget: .null), param: "budget", code: "invalid_budget"),
        Case(name: "budget k above N", body: SelectionTestData.body(method: "less", budget: .object(["k": .int(61)])), param: "budget.k", code: "invalid_budget"),
        Case(name: "budget k negative", body: SelectionTestData.body(method: "round_robin", budget: .object(["k": .int(-1)])), param: "budget.k", code: "invalid_budget"),
        Case(name: "budget k not an integer", body: SelectionTestData.body(method: "round_robin", budget: .object(["k": .double(1.5)])), param: "budget.k", code: nil),
        Case(name: "budget fraction above 1", body: SelectionTestData.body(method: "uot", budget: .object(["fraction": .double(1.5)])), param: "budget.fraction", code: "invalid_budget"),
        Case(name: "budget k and fraction", body: SelectionTestData.body(method: "uot", budget: .object(["k": .int(1), "fraction": .double(0.5)])), param: "budget", code: "invalid_budget"),
        Case(name: "budget unknown key", body: SelectionTestData.body(method: "uot", budget: .object(["n": .int(1)])), param: "budget.n", code: "unknown_parameter"),
        Case(name: "parameter of no method", body: SelectionTestData.body(method: "round_robin", params: .object(["lambda": .double(0.5)])), param: "params.lambda", code: "unknown_parameter"),
        Case(name: "another method's parameter", body: SelectionTestData.body(method: "less", params: .object(["eps": .double(0.5)])), param: "params.eps", code: "unknown_parameter"),
        Case(name: "groups on doubly_greedy", body: SelectionTestData.body(method: "doubly_greedy", params: .object(["groups": .string("all")])), param: "params.groups", code: "unknown_parameter"),
        Case(name: "k in params", body: SelectionTestData.body(method: "less", params: .object(["k": .int(3)])), param: "params.k", code: "unknown_parameter"),
        Case(name: "uot eps out of range", body: SelectionTestData.body(method: "uot", params: .object(["eps": .double(-1)])), param: "params.eps", code: "invalid_parameter"),
        Case(name: "knn alpha out of range", body: SelectionTestData.body(method: "knn_uniform", params: .object(["alpha": .double(2)])), param: "params.alpha", code: "invalid_parameter"),
        Case(name: "less groups malformed", body: SelectionTestData.body(method: "less", params: .object(["groups": .string("most")])), param: "params.groups", code: "invalid_groups"),
        Case(name: "params not an object", body: SelectionTestData.body(method: "less", params: .array([])), param: "params", code: nil),
        Case(name: "targets missing", body: SelectionTestData.body(method: "less", targets: nil), param: "targets", code: nil),
        Case(name: "unknown targets pool", body: SelectionTestData.body(method: "less", targets: .object(["pool": .string("nope"), "feature": .string("emb")])), param: "targets.pool", code: nil),
        Case(name: "unknown targets feature", body: SelectionTestData.body(method: "less", targets: .object(["pool": .string("tgts"), "feature": .string("nope")])), param: "targets.feature", code: nil),
        Case(name: "targets of another dim", body: SelectionTestData.body(method: "less", targets: .object(["pool": .string("tgts"), "feature": .string("wide")])), param: "targets.feature", code: "shape_mismatch"),
        Case(name: "targets of other labels", body: SelectionTestData.body(method: "less", targets: .object(["pool": .string("tgts"), "feature": .string("relabelled")])), param: "targets.feature", code: "shape_mismatch"),
        Case(name: "incomplete targets", body: SelectionTestData.body(method: "less", targets: .object(["pool": .string("tgts"), "feature": .string("partial")])), param: "targets.feature", code: "feature_incomplete"),
        Case(name: "incomplete candidates", body: .object(["candidates": .object(["pool": .string("tgts"), "feature": .string("partial")]), "targets": vectors([row4]), "method": .string("less"), "budget": .object(["k": .int(1)])]), param: "candidates.feature", code: "feature_incomplete"),
        Case(name: "inline vectors of another dim", body: SelectionTestData.body(method: "less", targets: vectors([[1, 2, 3]])), param: "targets.vectors", code: "shape_mismatch"),
        Case(name: "ragged inline vectors", body: SelectionTestData.body(method: "less", targets: vectors([row4, [1, 2]])), param: "targets.vectors[1]", code: "shape_mismatch"),
        Case(name: "inline value beyond float32", body: SelectionTestData.body(method: "less", targets: vectors([[1e300, 0, 0, 0]])), param: "targets.vectors[0][0]", code: "non_finite_input"),
        Case(name: "inline vectors empty", body: SelectionTestData.body(method: "less", targets: .object(["vectors": .array([])])), param: "targets.vectors", code: "empty_input"),
        Case(name: "more than 10,000 inline rows", body: SelectionTestData.body(method: "less", targets: vectors(Array(repeating: row4, count: 10_001))), param: "targets.vectors", code: nil),
        Case(name: "inline vectors for two checkpoints", body: .object(["candidates": .object(["pool": .string("tgts"), "feature": .string("relabelled")]), "targets": vectors([row4]), "method": .string("less"), "budget": .object(["k": .int(1)])]), param: "targets.vectors", code: "shape_mismatch"),
        Case(name: "inline checkpoint of unknown label", body: SelectionTestData.body(method: "less", targets: .object(["checkpoints": .object(["default": vectors([row4])["vectors"]!, "late": vectors([row4])["vectors"]!])])), param: "targets.checkpoints.late", code: "shape_mismatch"),
        Case(name: "inline checkpoints lacking a label", body: SelectionTestData.body(method: "less", targets: .object(["checkpoints": .object(["late": vectors([row4])["vectors"]!])])), param: "targets.checkpoints.late", code: "shape_mismatch"),
        Case(name: "targets with two forms", body: SelectionTestData.body(method: "less", targets: .object(["vectors": vectors([row4])["vectors"]!, "pool": .string("tgts")])), param: "targets.pool", code: "unknown_parameter"),
        Case(name: "weights naming an unknown label", body: SelectionTestData.body(method: "less", extra: [JSONValue.Member("checkpoint_weights", .object(["default": .double(1), "late": .double(1)]))]), param: "checkpoint_weights.late", code: "invalid_parameter"),
        Case(name: "negative weight", body: SelectionTestData.body(method: "less", extra: [JSONValue.Member("checkpoint_weights", .object(["default": .double(-1)]))]), param: "checkpoint_weights.default", code: "invalid_parameter"),
        Case(name: "zero weight sum", body: SelectionTestData.body(method: "less", extra: [JSONValue.Member("checkpoint_weights", .object(["default": .double(0)]))]), param: "checkpoint_weights", code: "invalid_parameter"),
        Case(name: "negative seed", body: SelectionTestData.body(method: "random", targets: nil, extra: [JSONValue.Member("seed", .int(-3))]), param: "seed", code: "invalid_parameter"),
    ]

    /// cands: 60 x 4 (`emb`); tgts: 5 items with `emb` (4-d), `wide` (6-d), `relabelled`
    /// (labels default + late), `partial` (rows for 3 of 5 items).
    static func harness() throws -> ServiceHarness {
        let h = try ServiceHarness.make()
        try SelectionTestData.pool(h, "cands", n: 60, d: 4, seed: 1)
        try SelectionTestData.pool(h, "tgts", n: 5, d: 4, seed: 2)
        try SelectionTestData.writeFeature(h, pool: "tgts", feature: "wide", SelectionTestData.matrix(rows: 5, cols: 6, seed: 3))
        try SelectionTestData.writeFeature(h, pool: "tgts", feature: "relabelled", SelectionTestData.matrix(rows: 5, cols: 4, seed: 4))
        try SelectionTestData.writeFeature(h, pool: "tgts", feature: "relabelled", label: "late", SelectionTestData.matrix(rows: 5, cols: 4, seed: 5))
        try SelectionTestData.writeFeature(h, pool: "tgts", feature: "partial", SelectionTestData.matrix(rows: 3, cols: 4, seed: 6))
        return h
    }

    @Test func everyMalformedRequest_Is400NamingTheField_AndCreatesNoJob() throws {
        let h = try Self.harness()
        for c in Self.cases {
            let r = try h.client.json("POST", "/v1/selections", c.body)
            #expect(r.status == 400, "\(c.name): \(r.status) \(r.text.prefix(300))")
            #expect(r.errorType == "invalid_request", "\(c.name)")
            #expect(r.errorParam == c.param, "\(c.name): \(r.text.prefix(300))")
            if let code = c.code { #expect(r.errorCode == code, "\(c.name): \(r.text.prefix(300))") }
        }
        #expect(try SelectionTestData.jobCount(h) == 0)
    }

    @Test func malformedJSON_IsRefused_AndCreatesNoJob() throws {
        let h = try Self.harness()
        let r = try h.client.request("POST", "/v1/selections", headers: [("Content-Type", "application/json")], body: Array("{\"method\": ".utf8))
        #expect(r.status == 400)
        let empty = try h.client.request("POST", "/v1/selections", headers: [("Content-Type", "application/json")], body: [])
        #expect(empty.status == 400)
        #expect(try SelectionTestData.jobCount(h) == 0)
    }

    @Test func tarot_WithoutBudget_IsAccepted_AsOTM() throws {
        guard SelectionEngine.selector(named: "tarot") != nil else { return }
        let h = try Self.harness()
        let id = try SelectionTestData.submit(h, SelectionTestData.body(method: "tarot", budget: .null))
        let job = try h.client.json("GET", "/v1/jobs/\(id)").json()
        #expect(job["request"]?["budget"] == .null)
        #expect(job["request"]?["seed"] == .int(42))
    }
}
