import Foundation
import JSON
import Providers
import Selection
import Storage
import Testing
@testable import Service
import TestSupport

/// The exemplar route and the embed job against scripts/stub_llm.py as both LLM and embedding
/// endpoint: DQ-LoRe end to end, the provider cache, every failure mode, concurrency.
@Suite struct ExemplarProviderTests {
    static func harness(_ stub: StubLLM, timeout: Double = 10) throws -> ServiceHarness {
        try ServiceHarness.make { c in
            c.llmBaseURL = stub.baseURL
            c.llmModel = "stub-chat"
            c.embedBaseURL = stub.baseURL
            c.embedModel = "stub-embed"
            c.llmAPIKey = "sk-secret-test-key"
            c.providerTimeout = timeout
        }
    }

    /// A pool whose feature was embedded by the stub (dim 8), written directly.
    static func seedStubFeature(_ h: ServiceHarness, count: Int = 20) throws {
        let items = ExemplarPoolSeeder.items(count)
        let vectors = items.map { StubLLM.vector(($0.question ?? "") + "\n" + ($0.answer ?? ""), dim: 8) }
        try ExemplarPoolSeeder.seed(h, items: items, vectors: vectors, embedder: "openai-compatible", model: "stub-embed")
    }

    static func ask(_ h: ServiceHarness, _ extra: KeyValuePairs<String, JSONValue> = [:]) throws -> TestResponse {
        var members: [JSONValue.Member] = [.init("pool", .string("p")), .init("question", .string("question 3"))]
        for (k, v) in extra {
            members.removeAll { $0.key == k }
            members.append(.init(k, v))
        }
        return try h.client.json("POST", "/v1/exemplars", .object(members))
    }

    @Test func embedJob_WithTheStubEmbedder_StoresTheStubsVectors_AndRecordsEmbedderAndModel() throws {
        let stub = try StubLLM()
        let h = try Self.harness(stub)
        try ExemplarPoolSeeder.seed(h, items: ExemplarPoolSeeder.items(70))
        let r = try h.client.json("POST", "/v1/pools/p/features/embedding/embed", nil)
        let id = try #require(try r.json()["id"]?.stringValue)
        let job = try #require(try ExemplarPoolSeeder.waitForJob(h, id))
        #expect(job.status == .succeeded, "\(job.error ?? "")")
        let m = try ExemplarPoolSeeder.matrix(h)
        #expect(m.rows == 70 && m.dim == 8)
        for i in [0, 64, 69] { #expect(Array(m.values[(i * 8)..<((i + 1) * 8)]) == StubLLM.vector("question \(i)\nanswer \(i)", dim: 8)) }
        let f = try h.service.database.read { db in try db.feature(poolID: try db.requirePool(named: "p").id, name: "embedding") }
        #expect(f?.embedder == "openai-compatible" && f?.model == "stub-embed")
        // 70 items in batches of 64: two upstream calls.
        #expect(try stub.count("embeddings") == 2 && stub.count("embedding_inputs") == 70)
    }

    @Test func dualQuery_InTheTextFormat_RunsTheFirstQuery_AndTheSecondIdenticalRequestIsServedFromTheCache() throws {
        let stub = try StubLLM()
        let h = try Self.harness(stub)
        try Self.seedStubFeature(h)
        let first = try Self.ask(h, ["include_prompt": .bool(true), "generate": .bool(true), "m": .int(16), "prompt_format": .string("text")])
        try #require(first.status == 200, "\(first.text)")
        let a = try first.json()
        let cot = try #require(a["cot"]?.stringValue)
        #expect(cot.hasPrefix("The question has") && !cot.contains("Question:"))
        #expect(a["cache"] == .object(["cot": .string("miss"), "embedding": .string("miss"), "answer": .string("miss")]))
        #expect(a["answer"]?.stringValue?.hasPrefix("The question has") == true)
        #expect(a["prompt"]?.stringValue?.hasSuffix("Question: question 3\nA: Let's think step by step.") == true)
        #expect(a["warnings"] == .array([]) && a["method"] == .string("lore") && a["k"] == .int(8))
        let calls = (try stub.count("chat"), try stub.count("embeddings"))
        #expect(calls.0 == 2 && calls.1 == 2)  // first query + final answer; question alone + question and CoT
        let second = try Self.ask(h, ["include_prompt": .bool(true), "generate": .bool(true), "m": .int(16), "prompt_format": .string("text")])
        let b = try second.json()
        #expect(b["cache"] == .object(["cot": .string("hit"), "embedding": .string("hit"), "answer": .string("hit")]))
        #expect(b["exemplars"] == a["exemplars"] && b["cot"] == a["cot"])
        #expect(try stub.count("chat") == calls.0 && stub.count("embeddings") == calls.1)
    }

    @Test func givenCoT_SkipsTheFirstQuery_AndEmbedsQuestionAndCoT() throws {
        let stub = try StubLLM()
        let h = try Self.harness(stub)
        try Self.seedStubFeature(h)
        let r = try Self.ask(h, ["cot": .string("so 3 it is"), "method": .string("knn"), "k": .int(20)])
        #expect(r.status == 200)
        #expect(try stub.count("chat") == 0)
        // knn over all items: scores are <q, p> with q the stub's vector of question + "\n" + cot.
        let q = StubLLM.vector("question 3\nso 3 it is", dim: 8)
        let json = try r.json()
        let first = try #require(json["exemplars"]?.arrayValue?.first)
        let i = try #require(first["index"]?.intValue)
        let p = StubLLM.vector("question \(i)\nanswer \(i)", dim: 8)
        let ip = zip(q, p).reduce(Float(0)) { $0 + $1.0 * $1.1 }
        #expect(abs((first["score"]?.doubleValue ?? 0) - Double(ip)) < 1e-5)
    }

    @Test func initialIDs_ChangeTheFirstQueryPrompt() throws {
        let stub = try StubLLM()
        let h = try Self.harness(stub)
        try Self.seedStubFeature(h)
        let one = try Self.ask(h, ["initial_ids": .array([.string("e1")])]).json()["cot"]
        let two = try Self.ask(h, ["initial_ids": .array([.string("e1"), .string("e2")])]).json()["cot"]
        #expect(one != nil && two != nil && one != two)
        let unknown = try Self.ask(h, ["initial_ids": .array([.string("e1"), .string("nope")])])
        #expect(unknown.status == 400 && unknown.errorParam == "initial_ids[1]")
    }

    @Test(arguments: [
        (["--mode", "slow", "--delay-ms", "3000"], 504, "upstream_timeout", nil as Int?),
        (["--mode", "429", "--retry-after", "1"], 502, "upstream_error", 429),
        (["--mode", "500"], 502, "upstream_error", 500),
        (["--mode", "malformed"], 502, "upstream_error", 200),
    ])
    func upstreamFailure_GivesTheDocumentedStatus_InTime_AndLeavesTheServerHealthy(
        _ args: [String], _ status: Int, _ type: String, _ upstream: Int?
    ) throws {
        let stub = try StubLLM(args)
        let h = try Self.harness(stub, timeout: 0.5)
        try Self.seedStubFeature(h)
        let started = Date()
        let r = try Self.ask(h)
        #expect(Date().timeIntervalSince(started) < 8)
        #expect(r.status == status && r.errorType == type, "\(r.text)")
        #expect(try r.json()["error"]?["upstream_status"]?.intValue == upstream)
        #expect(!r.text.contains("sk-secret-test-key"))
        #expect(try h.client.request("GET", "/healthz").status == 200)
    }

    @Test func upstreamFailure_InTheEmbedJob_FailsTheJobWithTheUpstreamError() throws {
        let stub = try StubLLM(["--mode", "500"])
        let h = try Self.harness(stub, timeout: 0.5)
        try ExemplarPoolSeeder.seed(h, items: ExemplarPoolSeeder.items(3))
        let id = try #require(try h.client.json("POST", "/v1/pools/p/features/embedding/embed", nil).json()["id"]?.stringValue)
        let job = try #require(try ExemplarPoolSeeder.waitForJob(h, id))
        #expect(job.status == .failed && job.error?.contains("upstream_error") == true, "\(job.error ?? "")")
        #expect(try ExemplarPoolSeeder.rowCount(h) == 0)
    }

    @Test func sixtyFourConcurrentRequests_AgainstA200msStub_FinishInAboutOneStubDelay() throws {
        let stub = try StubLLM(["--mode", "slow", "--delay-ms", "200"])
        let h = try Self.harness(stub)
        try Self.seedStubFeature(h)
        let statuses = Locked([Int]())
        let group = DispatchGroup()
        let started = Date()
        for n in 0..<64 {
            group.enter()
            let thread = Thread {
                let r = try? Self.ask(h, ["question": .string("concurrent question \(n)"), "cot": .string("because")])
                statuses.withLock { $0.append(r?.status ?? -1) }
                group.leave()
            }
            thread.start()
        }
        #expect(group.wait(timeout: .now() + 30) == .success)
        let elapsed = Date().timeIntervalSince(started)
        #expect(statuses.withLock { $0 } == [Int](repeating: 200, count: 64))
        #expect(elapsed < 5, "64 requests took \(elapsed) s")
        #expect(try stub.count("embeddings") == 64)
    }
}
