import Foundation
import JSON
import LinearAlgebra
import Selection
@testable import Service
import Testing

/// `GET /v1/pools/{pool}/features/{name}/projection` over real sockets: the engine's PCA of the
/// stored rows (or of the seeded sample), ranks and targets of a job, and every 4xx.
@Suite struct ProjectionRoutesTests {
    static func path(_ query: String = "", pool: String = "cands", feature: String = "emb") -> String {
        "/v1/pools/\(pool)/features/\(feature)/projection\(query.isEmpty ? "" : "?\(query)")"
    }

    static func points(_ body: JSONValue) -> [JSONValue] { body["points"]?.arrayValue ?? [] }

    @Test func aSmallPool_IsMappedWhole_WithTheEnginesPCAOfItsRows() throws {
        let h = try ServiceHarness.make()
        let m = try SelectionTestData.pool(h, "cands", n: 60, d: 7, seed: 1)
        let r = try h.client.json("GET", Self.path())
        #expect(r.status == 200, "\(r.text)")
        let body = try r.json()
        let pca = try m.values.withUnsafeBufferPointer { try PrincipalProjection.fit(rows: $0, count: 60, dim: 7) }
        let xy = m.values.withUnsafeBufferPointer { pca.project(rows: $0, count: 60) }
        let points = Self.points(body)
        #expect(points.count == 60 && body["sample"] == .int(60) && body["total"] == .int(60) && body["dim"] == .int(7))
        for (i, p) in points.enumerated() {
            #expect(p["index"] == .int(i) && p["id"] == .string(SelectionTestData.itemID(i)) && p["rank"] == .null)
            #expect(p["x"]?.doubleValue == xy[2 * i] && p["y"]?.doubleValue == xy[2 * i + 1])
        }
        #expect(body["variances"] == .array(pca.variances.map(JSONValue.double)))
        #expect(body["targets"] == .array([]) && body["targets_job"] == .null && body["checkpoint"] == .string("default"))
    }

    @Test func aLargerPool_IsSampledBySeed_DeterministicallyAndInIndexOrder() throws {
        let h = try ServiceHarness.make()
        try SelectionTestData.pool(h, "cands", n: 500, d: 5, seed: 2)
        let first = try h.client.json("GET", Self.path("sample=100&seed=9"))
        let again = try h.client.json("GET", Self.path("sample=100&seed=9"))
        let other = try h.client.json("GET", Self.path("sample=100&seed=10"))
        #expect(first.status == 200 && first.body == again.body, "same seed, byte-identical answer")
        let indices = Self.points(try first.json()).compactMap { $0["index"]?.intValue }
        #expect(indices == Array(SplitMix64.permutation(500, seed: 9).prefix(100)).sorted())
        #expect(indices != Self.points(try other.json()).compactMap { $0["index"]?.intValue })
    }

    @Test func withATargetsJob_PointsCarryTheirRankAndTheTargetsAreProjectedOnTheSameAxes() throws {
        let h = try ServiceHarness.make()
        let m = try SelectionTestData.pool(h, "cands", n: 80, d: 6, seed: 3)
        let targets = SelectionTestData.matrix(rows: 5, cols: 6, seed: 4)
        let id = try SelectionTestData.submit(h, SelectionTestData.body(
            method: "round_robin", targets: .object(["vectors": SelectionTestData.inlineRows(targets)]), budget: .object(["k": .int(12)])))
        #expect(try SelectionTestData.waitFinished(h.client, id)["status"] == .string("succeeded"))
        let ranks = Dictionary(uniqueKeysWithValues: try SelectionTestData.selected(h.client, id).map { ($0["id"]!.stringValue!, $0["rank"]!.intValue!) })
        let body = try h.client.json("GET", Self.path("targets_job=\(id)")).json()
        #expect(body["targets_job"] == .string(id))
        for p in Self.points(body) {
            #expect(p["rank"]?.intValue == ranks[p["id"]!.stringValue!])
        }
        #expect(Self.points(body).filter { $0["rank"] != .null }.count == 12)
        let pca = try m.values.withUnsafeBufferPointer { try PrincipalProjection.fit(rows: $0, count: 80, dim: 6) }
        let txy = targets.values.withUnsafeBufferPointer { pca.project(rows: $0, count: 5) }
        let projected = body["targets"]?.arrayValue ?? []
        #expect(projected.count == 5)
        for (i, t) in projected.enumerated() {
            #expect(t["index"] == .int(i) && t["x"]?.doubleValue == txy[2 * i] && t["y"]?.doubleValue == txy[2 * i + 1])
        }
    }

    @Test func badQueries_Are400sNamingTheParameter() throws {
        let h = try ServiceHarness.make()
        try SelectionTestData.pool(h, "cands", n: 10, d: 3, seed: 5)
        let cases: [(String, String, String?)] = [
            ("samples=10", "samples", "unknown_parameter"), ("seed=1&seed=2", "seed", nil), ("sample=0", "sample", nil),
            ("sample=20001", "sample", nil), ("seed=-1", "seed", nil), ("method=tsne", "method", nil),
            ("checkpoint=bad%20label", "checkpoint", nil), ("targets_job=", "targets_job", nil),
        ]
        for (query, param, code) in cases {
            let r = try h.client.json("GET", Self.path(query))
            #expect(r.status == 400 && r.errorParam == param, "\(query): \(r.status) \(r.text)")
            if let code { #expect(r.errorCode == code) }
        }
    }

    @Test func missingThingsAre404s_AndUnfitInputsAre400sOr409s() throws {
        let h = try ServiceHarness.make()
        try SelectionTestData.pool(h, "cands", n: 10, d: 3, seed: 6)
        try SelectionTestData.pool(h, "other", n: 10, d: 3, seed: 7)
        try SelectionTestData.pool(h, "thin", n: 4, d: 1, seed: 8)
        #expect(try h.client.json("GET", Self.path(pool: "nope")).errorParam == "pool")
        #expect(try h.client.json("GET", Self.path(feature: "nope")).errorParam == "name")
        let missingCheckpoint = try h.client.json("GET", Self.path("checkpoint=late"))
        #expect(missingCheckpoint.status == 404 && missingCheckpoint.errorParam == "checkpoint")
        let unknownJob = try h.client.json("GET", Self.path("targets_job=job_nope"))
        #expect(unknownJob.status == 404 && unknownJob.errorParam == "targets_job")
        let thin = try h.client.json("GET", Self.path(pool: "thin"))
        #expect(thin.status == 400 && thin.errorCode == "degenerate_input" && thin.errorParam == "checkpoint")
        let id = try SelectionTestData.submit(h, SelectionTestData.body(method: "random", candidates: "other", targets: nil))
        #expect(try SelectionTestData.waitFinished(h.client, id)["status"] == .string("succeeded"))
        let foreign = try h.client.json("GET", Self.path("targets_job=\(id)"))
        #expect(foreign.status == 400 && foreign.errorParam == "targets_job", "\(foreign.text)")
    }

    @Test func aPoolWithoutItems_IsEmptyInput() throws {
        let h = try ServiceHarness.make()
        try SelectionTestData.createPool(h, "cands", items: 0)
        try SelectionTestData.writeFeature(h, pool: "cands", feature: "emb", Matrix(rows: 0, cols: 4))
        let r = try h.client.json("GET", Self.path())
        #expect(r.status == 400 && r.errorCode == "empty_input" && r.errorParam == "pool", "\(r.text)")
    }
}
