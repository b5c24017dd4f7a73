import Foundation
import JSON
import LinearAlgebra
import Selection
@testable import Service
import Testing

/// `GET /v1/jobs/{id}/coverage` against cosines recomputed here in float64 from the same rows.
@Suite struct CoverageRouteTests {
    static func cosine(_ a: ArraySlice<Float>, _ b: ArraySlice<Float>) -> Double {
        let dot = zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let na = a.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot(), nb = b.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        return dot / (max(na, 1e-12) * max(nb, 1e-12))
    }

    static func row(_ m: Matrix, _ r: Int) -> ArraySlice<Float> { m.values[(r * m.cols)..<((r + 1) * m.cols)] }

    @Test func perTargetFigures_AreTheBestCosinesToTheSelectionAndToThePool() throws {
        let h = try ServiceHarness.make()
        let candidates = try SelectionTestData.pool(h, "cands", n: 50, d: 4, seed: 11)
        let targets = SelectionTestData.matrix(rows: 6, cols: 4, seed: 12)
        let id = try SelectionTestData.submit(h, SelectionTestData.body(
            method: "round_robin", targets: .object(["vectors": SelectionTestData.inlineRows(targets)]), budget: .object(["k": .int(7)])))
        #expect(try SelectionTestData.waitFinished(h.client, id)["status"] == .string("succeeded"))
        let selected = try SelectionTestData.selected(h.client, id).compactMap { $0["index"]?.intValue }
        let r = try h.client.json("GET", "/v1/jobs/\(id)/coverage?least=3")
        #expect(r.status == 200, "\(r.text)")
        let body = try r.json()
        #expect(body["targets"] == .int(6) && body["selected"] == .int(7) && body["job"] == .string(id))
        let perTarget = body["per_target"]?.arrayValue ?? []
        var bests: [Double] = []
        for i in 0..<6 {
            let s = (0..<50).map { Self.cosine(Self.row(targets, i), Self.row(candidates, $0)) }
            let best = selected.map { s[$0] }.max()!
            bests.append(best)
            #expect(abs(perTarget[i]["best_selected"]!.doubleValue! - best) < 1e-5)
            #expect(abs(perTarget[i]["best_pool"]!.doubleValue! - s.max()!) < 1e-5)
            let nearest = perTarget[i]["nearest_selected_id"]!.stringValue!
            #expect(abs(s[Int(nearest.dropFirst(5))!] - best) < 1e-5)
        }
        #expect(abs(body["coverage"]!.doubleValue! - bests.reduce(0, +) / 6) < 1e-5)
        let least = body["least_covered"]?.arrayValue?.compactMap(\.intValue) ?? []
        let reported = perTarget.map { $0["best_selected"]!.doubleValue! }
        #expect(least == Array(reported.indices.sorted { reported[$0] != reported[$1] ? reported[$0] < reported[$1] : $0 < $1 }.prefix(3)))
        let hits = perTarget.filter { $0["best_selected"] == $0["best_pool"] }.count
        #expect(body["nn_recall"]?.doubleValue == Double(hits) / 6)
        let histogram = body["candidate_best"]!
        #expect(histogram["selected"]?.arrayValue?.compactMap(\.intValue).reduce(0, +) == 7)
        #expect(histogram["not_selected"]?.arrayValue?.compactMap(\.intValue).reduce(0, +) == 43)
        #expect(histogram["edges"]?.arrayValue?.count == 21)
    }

    @Test func aJobWithoutTargets_OrNotSucceeded_Is409_AndBadQueriesAre400() throws {
        let h = try ServiceHarness.make()
        try SelectionTestData.pool(h, "cands", n: 20, d: 3, seed: 13)
        let id = try SelectionTestData.submit(h, SelectionTestData.body(method: "random", targets: nil))
        #expect(try SelectionTestData.waitFinished(h.client, id)["status"] == .string("succeeded"))
        let noTargets = try h.client.json("GET", "/v1/jobs/\(id)/coverage")
        #expect(noTargets.status == 409 && noTargets.errorParam == "id")
        #expect(try h.client.json("GET", "/v1/jobs/\(id)/coverage?least=1001").errorParam == "least")
        #expect(try h.client.json("GET", "/v1/jobs/\(id)/coverage?most=1").errorCode == "unknown_parameter")
        #expect(try h.client.json("GET", "/v1/jobs/job_nope/coverage").status == 404)
    }
}
