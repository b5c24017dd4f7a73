import Foundation
import JSON
import LinearAlgebra
import Selection
@testable import Service
import Storage
import Testing

/// A selection job stores what it runs (method, plan, inline target rows as float32) when it is
/// created; the executor and the result route read that instead of parsing the stored request.
@Suite struct JobPlanTests {
    static let targets = SelectionTestData.matrix(rows: 5, cols: 8, seed: 3)

    /// A parsed request read back from its plan: the same method, budget, params, seed and inline
    /// target floats, bit for bit.
    @Test(arguments: ["vectors", "checkpoints"])
    func plan_GivesBackTheRequest_InlineTargetsBitForBit(_ form: String) throws {
        let rows = SelectionTestData.inlineRows(Self.targets)
        let targets: JSONValue = form == "vectors" ? .object(["vectors": rows]) : .object(["checkpoints": .object(["a": rows, "b": rows])])
        let body = SelectionTestData.body(method: "uot", targets: targets, params: .object(["eps": .double(0.05)]))
        let sent = try SelectionRequest.parse(try JSONParser.parse(JSONWriter.encode(body), plan: SelectionRequest.floatPlan))
        let plan = sent.jobPlan(echo: body)
        #expect(plan.method == "uot")
        #expect(plan.rows.count == (form == "vectors" ? 1 : 2) * 5 * 8 * 4)
        #expect(plan.text.utf8.count * 2 < JSONWriter.encode(body).count, "the plan's JSON carries shapes, not rows")
        let back = try SelectionRequest(plan: plan)
        #expect(back.method == sent.method && back.budget == sent.budget && back.params == sent.params && back.seed == sent.seed)
        switch back.targets {
        case let .vectors(m): #expect(form == "vectors" && m.rows == 5 && m.cols == 8 && m.values == Self.targets.values)
        case let .checkpoints(list):
            #expect(form == "checkpoints" && list.map(\.label) == ["a", "b"])
            #expect(list.allSatisfy { $0.matrix.values == Self.targets.values && $0.matrix.cols == 8 })
        default: Issue.record("targets came back as \(back.targets)")
        }
    }

    @Test func plan_WhoseRowsAreShort_IsCorrupt_NotATrap() throws {
        let body = SelectionTestData.body(method: "round_robin", targets: .object(["vectors": SelectionTestData.inlineRows(Self.targets)]))
        let plan = try SelectionRequest.parse(try JSONParser.parse(JSONWriter.encode(body), plan: SelectionRequest.floatPlan)).jobPlan(echo: body)
        let short = JobPlan(method: plan.method, text: plan.text, rows: Array(plan.rows.dropLast(4)))
        #expect(throws: StorageError.self) { try SelectionRequest(plan: short) }
    }

    @Test func postedJob_StoresItsPlan_AndTheResultNamesItsMethod() throws {
        let h = try ServiceHarness.make()
        _ = try SelectionTestData.pool(h, "cands", n: 30, d: 8, seed: 1)
        let body = SelectionTestData.body(method: "round_robin", targets: .object(["vectors": SelectionTestData.inlineRows(Self.targets)]))
        let id = try SelectionTestData.submit(h, body)
        let plan = try #require(try h.service.database.read { try $0.jobPlan(id: id) })
        #expect(plan.method == "round_robin" && plan.rows.count == 5 * 8 * 4)
        #expect(try SelectionTestData.waitFinished(h.client, id)["status"]?.stringValue == "succeeded")
        #expect(try h.client.json("GET", "/v1/jobs/\(id)/result").json()["method"]?.stringValue == "round_robin")
    }

    /// A database migrated while a job was queued has that job without a plan: it still runs,
    /// from its stored request, to the same ordering.
    @Test func jobQueuedWithoutAPlan_RunsFromItsRequest_ToTheSameOrdering() throws {
        let h = try ServiceHarness.make()
        _ = try SelectionTestData.pool(h, "cands", n: 30, d: 8, seed: 1)
        let body = SelectionTestData.body(method: "round_robin", targets: .object(["vectors": SelectionTestData.inlineRows(Self.targets)]))
        let planned = try SelectionTestData.submit(h, body)
        let request = try #require(try h.service.database.read { try $0.job(id: planned) }).request
        try h.service.database.write { db in _ = try db.insertJob(id: "unplanned", kind: .selection, request: request) }
        h.service.jobRunner.notify()
        #expect(try SelectionTestData.waitFinished(h.client, "unplanned")["status"]?.stringValue == "succeeded")
        #expect(try SelectionTestData.waitFinished(h.client, planned)["status"]?.stringValue == "succeeded")
        let order = { (id: String) in try SelectionTestData.selected(h.client, id).map { $0["index"]?.intValue } }
        #expect(try order("unplanned") == order(planned))
        #expect(try h.client.json("GET", "/v1/jobs/unplanned/result").json()["method"]?.stringValue == "round_robin")
    }
}
