import Foundation
import JSON
import Storage
import Testing
@testable import Service
import TestSupport

/// Evaluation jobs end to end against scripts/stub_llm.py (LLM and embedder): the figures equal
/// scripts/evaluation_reference.py's, failing pairs are `error` rows outside the denominators, a
/// second identical evaluation asks the LLM nothing, cancel, and the three export formats.
@Suite struct EvaluationJobTests {
    static func harness(_ stub: StubLLM) throws -> ServiceHarness {
        try ServiceHarness.make { c in
            c.llmBaseURL = stub.baseURL
            c.llmModel = "stub-chat"
            c.embedBaseURL = stub.baseURL
            c.embedModel = "stub-embed"
            c.providerTimeout = 10
            c.providerMaxAttempts = 2
        }
    }

    static func scriptedStub() throws -> StubLLM {
        let stub = try StubLLM()
        try stub.control(["answer_rule": "sum"])
        return stub
    }

    /// Posts the evaluation, waits for its end and returns (job, json result).
    static func run(_ h: ServiceHarness, _ body: JSONValue = EvaluationFixture.body()) throws -> (JSONValue, JSONValue) {
        let r = try h.client.json("POST", "/v1/evaluations", body)
        try #require(r.status == 202, "\(r.text)")
        let id = try #require(try r.json()["id"]?.stringValue)
        let job = try SelectionTestData.waitFinished(h.client, id, timeout: 120)
        try #require(job["status"]?.stringValue == "succeeded", "\(job)")
        let result = try h.client.json("GET", "/v1/jobs/\(id)/result")
        try #require(result.status == 200, "\(result.text)")
        return (job, try result.json())
    }

    static func arm(_ result: JSONValue, _ name: String) -> JSONValue? {
        result["arms"]?.arrayValue?.first { $0["name"]?.stringValue == name }
    }

    static func comparison(_ result: JSONValue, _ a: String, _ b: String) -> JSONValue? {
        result["comparisons"]?.arrayValue?.first { $0["a"]?.stringValue == a && $0["b"]?.stringValue == b }
    }

    static func ci(_ low: Double, _ high: Double) -> JSONValue { .array([.double(low), .double(high)]) }

    @Test func figures_EqualTheIndependentReference() throws {
        let stub = try Self.scriptedStub()
        let h = try Self.harness(stub)
        try EvaluationFixture.seed(h)
        let (job, result) = try Self.run(h)
        #expect(job["kind"] == .string("evaluation"))
        #expect(job["progress"] == .object(["stage": .string("evaluating"), "done": .int(36), "total": .int(36)]))
        // python3 scripts/evaluation_reference.py, block "# job: every pair answered (resamples 1000, seed 5)".
        let twoOnes = try #require(Self.arm(result, "two_ones"))
        #expect(twoOnes["n"] == .int(12) && twoOnes["correct"] == .int(7) && twoOnes["errors"] == .int(0))
        #expect(twoOnes["accuracy"] == .double(0.5833333333333334))
        #expect(twoOnes["ci95"] == Self.ci(0.3333333333333333, 0.8333333333333334))
        let threeOnes = try #require(Self.arm(result, "three_ones"))
        #expect(threeOnes["accuracy"] == .double(0.25) && threeOnes["ci95"] == Self.ci(0.0, 0.5))
        #expect(Self.arm(result, "one_two")?["accuracy"] == .double(0.5833333333333334))
        let ab = try #require(Self.comparison(result, "two_ones", "three_ones"))
        #expect(ab["n"] == .int(12) && ab["difference"] == .double(0.3333333333333333))
        #expect(ab["ci95"] == Self.ci(-0.16666666666666666, 0.75))
        #expect(ab["a_only"] == .int(7) && ab["b_only"] == .int(3))
        // The exact tail is 11/32; the service sums it in log space (so large counts cannot overflow).
        #expect(abs((ab["p_value"]?.doubleValue ?? 0) - 0.34375) < 1e-12)
        let ac = try #require(Self.comparison(result, "two_ones", "one_two"))
        #expect(ac["a_only"] == .int(0) && ac["b_only"] == .int(0) && ac["p_value"] == .double(1) && ac["ci95"] == Self.ci(0, 0))
        let bc = try #require(Self.comparison(result, "three_ones", "one_two"))
        #expect(bc["difference"] == .double(-0.3333333333333333) && bc["ci95"] == Self.ci(-0.75, 0.16666666666666666))
        // Per query: each arm's exemplars (k of the filtered kind), its answer, value and verdict.
        let queries = try #require(result["queries"]?.arrayValue)
        #expect(queries.count == 12 && result["total"] == .int(12))
        let first = try #require(queries[1]["arms"]?.arrayValue)
        #expect(first.map { $0["arm"]?.stringValue } == ["two_ones", "three_ones", "one_two"])
        #expect(first.map { $0["exemplar_ids"]?.arrayValue?.count } == [2, 3, 1])
        #expect(first[2]["exemplar_ids"]?.arrayValue?.allSatisfy { ["e4", "e5"].contains($0.stringValue ?? "") } == true)
        #expect(first.map { $0["value"]?.stringValue } == ["2", "3", "2"])
        #expect(first.map { $0["correct"] } == [.bool(true), .bool(false), .bool(true)])
        #expect(first[0]["answer"] == .string("Adding the example answers.\nThe answer is 2."))
        #expect(queries[1]["gold"] == .string("#### 2") && queries[1]["id"] == .string("q1"))
    }

    @Test func failingUpstream_ForOneQuery_GivesErrorRows_OutsideTheDenominators() throws {
        let stub = try Self.scriptedStub()
        try stub.control(["fail_when_contains": ["question q4"]])
        let h = try Self.harness(stub)
        try EvaluationFixture.seed(h)
        let (_, result) = try Self.run(h)
        // python3 scripts/evaluation_reference.py, block "# job: query 4 fails upstream".
        let twoOnes = try #require(Self.arm(result, "two_ones"))
        #expect(twoOnes["n"] == .int(11) && twoOnes["errors"] == .int(1) && twoOnes["accuracy"] == .double(0.6363636363636364))
        #expect(twoOnes["ci95"] == Self.ci(0.36363636363636365, 0.9090909090909091))
        #expect(Self.arm(result, "three_ones")?["ci95"] == Self.ci(0.08863636363636376, 0.5454545454545454))
        let ab = try #require(Self.comparison(result, "two_ones", "three_ones"))
        #expect(ab["n"] == .int(11) && ab["difference"] == .double(0.36363636363636365))
        #expect(abs((ab["p_value"]?.doubleValue ?? 0) - 0.34375) < 1e-12)
        #expect(ab["ci95"] == Self.ci(-0.18181818181818182, 0.8181818181818182))
        let failed = try #require(result["queries"]?.arrayValue?[4]["arms"]?.arrayValue)
        #expect(failed.allSatisfy { $0["status"] == .string("error") && $0["correct"] == .null })
        #expect(failed.allSatisfy { $0["error"]?["type"] == .string("upstream_error") })
    }

    @Test func secondIdenticalEvaluation_AsksTheLLMNothing_AndGivesTheSameResult() throws {
        let stub = try Self.scriptedStub()
        let h = try Self.harness(stub)
        try EvaluationFixture.seed(h)
        let (_, first) = try Self.run(h)
        let calls = try stub.count("chat")
        #expect(calls > 0)
        let (_, second) = try Self.run(h)
        #expect(try stub.count("chat") == calls)
        #expect(EvaluationFixture.comparable(second) == EvaluationFixture.comparable(first))
        let rows = (second["queries"]?.arrayValue ?? []).flatMap { $0["arms"]?.arrayValue ?? [] }
        #expect(rows.count == 36 && rows.allSatisfy { $0["cache"] == .string("hit") })
    }

    @Test func cancel_WhileRunning_StopsTheJob_AndItHasNoResult() throws {
        let stub = try Self.scriptedStub()
        try stub.control(["mode": "slow", "delay_ms": 100])
        let h = try Self.harness(stub)
        try EvaluationFixture.seed(h)
        let r = try h.client.json("POST", "/v1/evaluations", EvaluationFixture.body())
        let id = try #require(try r.json()["id"]?.stringValue)
        _ = try SelectionTestData.waitUntilWorking(h.client, id)
        #expect(try h.client.json("POST", "/v1/jobs/\(id)/cancel", nil).status == 202)
        let job = try SelectionTestData.waitFinished(h.client, id)
        #expect(job["status"] == .string("cancelled"))
        let stored = try h.service.database.read { db in try db.evaluationPairCount(jobID: id) }
        #expect(stored >= 1 && stored < 36)
        #expect(try h.client.json("GET", "/v1/jobs/\(id)/result").status == 409)
    }

    @Test func exports_NDJSONAndCSV_HaveOneRowPerPair_InQueryThenArmOrder() throws {
        let stub = try Self.scriptedStub()
        let h = try Self.harness(stub)
        try EvaluationFixture.seed(h)
        let (job, _) = try Self.run(h)
        let id = try #require(job["id"]?.stringValue)
        let ndjson = try h.client.json("GET", "/v1/jobs/\(id)/result?format=ndjson")
        let lines = ndjson.text.split(separator: "\n").map { try? JSONParser.parse(Array($0.utf8)) }
        #expect(lines.count == 36)
        #expect(lines[4]?["query_index"] == .int(1) && lines[4]?["arm"] == .string("three_ones") && lines[4]?["gold"] == .string("#### 2"))
        let csv = try h.client.json("GET", "/v1/jobs/\(id)/result?format=csv")
        let rows = csv.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows.first.map(String.init) == String(EvaluationResultEncoding.csvHeader.dropLast()))
        #expect(rows[1].hasPrefix("0,q0,two_ones,ok,true,2,2,\"[\"\"e"))
        #expect(try h.client.json("GET", "/v1/jobs/\(id)/result?format=json&offset=10&limit=5").json()["queries"]?.arrayValue?.count == 2)
        #expect(try h.client.json("GET", "/v1/jobs/\(id)/result?include=items").errorParam == "include")
    }
}
