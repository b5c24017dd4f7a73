import Foundation
import JSON
import LinearAlgebra
import Selection
@testable import Service
import Testing

/// The real streaming path at scale: 50,000 x 256 candidates uploaded as .npy through the API
/// and read from SQLite in blocks of 1,000 give the same selection as one block over the
/// in-memory matrix.
@Suite struct SelectionScaleTests {
    @Test func fiftyThousandCandidates_InBlocksOf1000_SelectAsOneInMemoryBlock() throws {
        let n = 50_000
        let d = 256
        let h = try ServiceHarness.make { $0.blockRows = 1000 }
        try SelectionTestData.createPool(h, "cands", items: n)
        let candidates = SelectionTestData.matrix(rows: n, cols: d, seed: 21)
        try SelectionTestData.upload(h, pool: "cands", feature: "emb", candidates)
        let targets = SelectionTestData.matrix(rows: 20, cols: d, seed: 22)
        let id = try SelectionTestData.submit(h, SelectionTestData.body(
            method: "round_robin", targets: .object(["vectors": SelectionTestData.inlineRows(targets)]),
            budget: .object(["k": .int(5000)])))
        let job = try SelectionTestData.waitFinished(h.client, id, timeout: 120)
        #expect(job["status"]?.stringValue == "succeeded", "\(job)")
        let rows = try SelectionTestData.selected(h.client, id)
        let oneBlock = try RoundRobinSelector.select(
            SelectionInput(candidates: candidates, targets: targets, blockRows: n), budget: .count(5000),
            parameters: Parameters(), seed: nil, control: .none)
        #expect(rows.count == 5000)
        #expect(rows.map { $0["index"]?.intValue ?? -1 } == oneBlock.order)
        #expect(rows.map { $0["picked_by"]?.intValue } == (oneBlock.pickedBy ?? []).map { Optional($0) })
        #expect(rows.map { $0["score"]?.doubleValue } == (oneBlock.scores ?? []).map { Optional($0) })
        #expect(rows.map { $0["id"]?.stringValue } == oneBlock.order.map { Optional(SelectionTestData.itemID($0)) })
    }

    /// The result CSV of a `method` job over the same 50,000 x 256 upload, on `jobThreads` threads.
    static func resultCSV(method: String, jobThreads: Int, budget: JSONValue, params: JSONValue = .object([:])) throws -> [UInt8] {
        let (n, d) = (50_000, 256)
        let h = try ServiceHarness.make {
            $0.blockRows = 1000
            $0.jobThreads = jobThreads
        }
        try SelectionTestData.createPool(h, "cands", items: n)
        try SelectionTestData.upload(h, pool: "cands", feature: "emb", SelectionTestData.matrix(rows: n, cols: d, seed: 21))
        let targets = SelectionTestData.matrix(rows: 20, cols: d, seed: 22)
        let id = try SelectionTestData.submit(h, SelectionTestData.body(
            method: method, targets: .object(["vectors": SelectionTestData.inlineRows(targets)]), budget: budget, params: params))
        let job = try SelectionTestData.waitFinished(h.client, id, timeout: 180)
        #expect(job["status"]?.stringValue == "succeeded", "\(job)")
        let r = try h.client.request("GET", "/v1/jobs/\(id)/result?format=csv")
        #expect(r.status == 200)
        return r.body
    }

    @Test(arguments: ["less", "uot"])
    func fiftyThousandCandidates_OnOneAndFourJobThreads_GiveByteIdenticalCSVs(_ method: String) throws {
        let budget: JSONValue = .object(["k": .int(5000)])
        let params: JSONValue = method == "uot" ? .object(["max_iter": .int(20)]) : .object([:])
        let one = try Self.resultCSV(method: method, jobThreads: 1, budget: budget, params: params)
        let four = try Self.resultCSV(method: method, jobThreads: 4, budget: budget, params: params)
        #expect(one.count > 5000 * 10)
        #expect(one == four)
    }
}
