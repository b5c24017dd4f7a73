import Foundation
import JSON
import Storage
import Testing
@testable import Service

/// `POST /v1/evaluations` refuses a bad body up front with the JSON path of the fault, and stores
/// no job and no query.
@Suite struct EvaluationValidationTests {
    static func body(_ change: (inout [JSONValue.Member]) -> Void) -> JSONValue {
        guard case var .object(members) = EvaluationFixture.body() else { return .null }
        change(&members)
        return .object(members)
    }

    static func set(_ key: String, _ value: JSONValue) -> (inout [JSONValue.Member]) -> Void {
        { members in
            members.removeAll { $0.key == key }
            members.append(.init(key, value))
        }
    }

    static func arm(_ index: Int, _ key: String, _ value: JSONValue) -> (inout [JSONValue.Member]) -> Void {
        { members in
            guard let i = members.firstIndex(where: { $0.key == "arms" }), case var .array(arms) = members[i].value,
                  case var .object(arm) = arms[index] else { return }
            arm.removeAll { $0.key == key }
            arm.append(.init(key, value))
            arms[index] = .object(arm)
            members[i] = .init("arms", .array(arms))
        }
    }

    static let inlineQuery: JSONValue = .object(["question": .string("q"), "answer": .string("1")])

    static var cases: [(String, (inout [JSONValue.Member]) -> Void, Int, String?)] { [
        ("arms missing", { $0.removeAll { $0.key == "arms" } }, 400, "arms"),
        ("arms empty", set("arms", .array([])), 400, "arms"),
        ("bad k", arm(1, "k", .int(-1)), 400, "arms[1].k"),
        ("unknown method", arm(0, "method", .string("magic")), 400, "arms[0].method"),
        ("question in an arm", arm(0, "question", .string("x")), 400, "arms[0].question"),
        ("generate in an arm", arm(2, "generate", .bool(false)), 400, "arms[2].generate"),
        ("unknown arm field", arm(0, "colour", .string("red")), 400, "arms[0].colour"),
        ("bad temperature", arm(0, "generation", .object(["temperature": .double(3)])), 400, "arms[0].generation.temperature"),
        ("duplicate name", arm(1, "name", .string("two_ones")), 400, "arms[1].name"),
        ("filter leaves nothing", arm(2, "filter", .object(["metadata.kind": .string("three")])), 400, "arms[2].filter"),
        ("unknown feature", arm(1, "feature", .string("nope")), 404, "arms[1].feature"),
        ("unknown exclude id", arm(0, "exclude_ids", .array([.string("zz")])), 400, "arms[0].exclude_ids[0]"),
        ("answer missing", set("queries", .array([inlineQuery, inlineQuery, inlineQuery, .object(["question": .string("q")])])), 400, "queries[3].answer"),
        ("empty question", set("queries", .array([.object(["question": .string(""), "answer": .int(1)])])), 400, "queries[0].question"),
        ("too many queries", set("queries", .array(Array(repeating: inlineQuery, count: 10_001))), 400, "queries"),
        ("queries not a list", set("queries", .string("all")), 400, "queries"),
        ("unknown query pool", set("queries", .object(["pool": .string("nope")])), 404, "queries.pool"),
        ("unknown pool", set("pool", .string("nope")), 404, "pool"),
        ("unknown scorer", set("scorer", .string("fuzzy")), 400, "scorer"),
        ("regex without pattern", set("scorer", .object(["type": .string("regex")])), 400, "scorer.pattern"),
        ("pattern without group", set("scorer", .object(["type": .string("regex"), "pattern": .string("x")])), 400, "scorer.pattern"),
        ("limit zero", set("limit", .int(0)), 400, "limit"),
        ("few resamples", set("resamples", .int(10)), 400, "resamples"),
        ("unknown field", set("arm", .array([])), 400, "arm"),
    ] }

    @Test func badBodies_Get400Or404NamingTheField_AndStoreNothing() throws {
        let stub = try EvaluationJobTests.scriptedStub()
        let h = try EvaluationJobTests.harness(stub)
        try EvaluationFixture.seed(h)
        for (name, change, status, param) in Self.cases {
            let r = try h.client.json("POST", "/v1/evaluations", Self.body(change))
            #expect(r.status == status, "\(name): \(r.text)")
            #expect(r.errorParam == param, "\(name): \(r.text)")
        }
        #expect(try h.service.database.read { db in try db.listJobs(limit: 10).items }.isEmpty)
        #expect(try h.service.database.read { db in try db.fetchInt("SELECT count(*) FROM evaluation_queries") } == 0)
        #expect(try stub.count("chat") == 0)
    }

    @Test func withoutAnLLM_TheEvaluationIsRefused() throws {
        let h = try ServiceHarness.make()
        try EvaluationFixture.seed(h)
        let r = try h.client.json("POST", "/v1/evaluations", EvaluationFixture.body())
        #expect(r.status == 400 && r.errorCode == "llm_not_configured", "\(r.text)")
    }

    @Test func queriesFromAPool_WithLimit_TakeASeededSample_InPoolOrder() throws {
        let stub = try EvaluationJobTests.scriptedStub()
        let h = try EvaluationJobTests.harness(stub)
        try EvaluationFixture.seed(h)
        try ExemplarPoolSeeder.seed(h, pool: "held_out", items: (0..<30).map { ItemInput(extID: "h\($0)", question: "question h\($0)", answer: "#### 2") })
        let body = Self.body { Self.set("queries", .object(["pool": .string("held_out")]))(&$0); Self.set("limit", .int(7))(&$0) }
        let ids = try (0..<2).map { _ -> [String] in
            let r = try h.client.json("POST", "/v1/evaluations", body)
            try #require(r.status == 202, "\(r.text)")
            #expect(try r.json()["request"]?["query_count"] == .int(7))
            let id = try #require(try r.json()["id"]?.stringValue)
            return try h.service.database.read { db in try db.evaluationQueries(jobID: id) }.map(\.extID)
        }
        #expect(ids[0] == ids[1] && ids[0].count == 7)
        #expect(ids[0] == ids[0].sorted { Int($0.dropFirst())! < Int($1.dropFirst())! })
        try ExemplarPoolSeeder.seed(h, pool: "unlabelled", items: [ItemInput(extID: "u0", question: "no gold")])
        let unlabelled = try h.client.json("POST", "/v1/evaluations", Self.body(Self.set("queries", .object(["pool": .string("unlabelled")]))))
        #expect(unlabelled.status == 400 && unlabelled.errorParam == "queries.pool", "\(unlabelled.text)")
    }
}
