import Foundation
import JSON
import Selection
import Storage
import Testing
@testable import Service
import TestSupport

/// `prompt_format`, `instruction`, `generation` and `answer_pattern` of `POST /v1/exemplars`: the
/// returned `messages` byte for byte against Tests/Fixtures/exemplars/chat_format.json, what the
/// stub LLM receives in each format, the server defaults, the CoT cache key, `answer_value`.
@Suite struct ExemplarPromptFormatTests {
    static let fixture = Result { try ExemplarFixtureTests.fixture("chat_format") }

    static func exemplars(_ key: String) throws -> [ItemInput] {
        try (fixture.get()[key]?.arrayValue ?? []).enumerated().map { i, e in
            ItemInput(extID: "e\(i)", question: e["question"]?.stringValue, answer: e["answer"]?.stringValue)
        }
    }

    static func question() throws -> String { try fixture.get()["question"]?.stringValue ?? "" }

    /// Role/content pairs as UTF-8 bytes: String equality would hide a different normalisation.
    static func bytes(_ v: JSONValue?) -> [[[UInt8]]] {
        (v?.arrayValue ?? []).map { [Array(($0["role"]?.stringValue ?? "?").utf8), Array(($0["content"]?.stringValue ?? "?").utf8)] }
    }

    static func bytes(_ pairs: [[String]]) -> [[[UInt8]]] { pairs.map { $0.map { Array($0.utf8) } } }

    static func expected(_ key: String) throws -> [[[UInt8]]] { bytes(try fixture.get()["expected"]?[key]) }

    /// The fixture's three exemplars stored with vectors that make knn (query [1, 0], k 2) choose
    /// e2 then e0: the fixture's `selected_exemplars`.
    static func fixtureHarness(_ configure: (inout ServiceConfiguration) -> Void = { _ in }) throws -> ServiceHarness {
        let h = try ServiceHarness.make(configure)
        try ExemplarPoolSeeder.seed(h, items: try exemplars("initial_exemplars"), vectors: [[0.9, 0.1], [0, 1], [1, 0]])
        return h
    }

    /// A request body: `base`, then `extra` replacing or adding members.
    static func body(_ base: [JSONValue.Member], _ extra: KeyValuePairs<String, JSONValue>) -> JSONValue {
        var members = base
        for (k, v) in extra {
            members.removeAll { $0.key == k }
            members.append(.init(k, v))
        }
        return .object(members)
    }

    static func post(_ h: ServiceHarness, _ body: JSONValue) throws -> JSONValue {
        let r = try h.client.json("POST", "/v1/exemplars", body)
        try #require(r.status == 200, "\(r.text)")
        return try r.json()
    }

    /// knn over the fixture pool with the query vector [1, 0], k 2, prompt included.
    static func ask(_ h: ServiceHarness, _ extra: KeyValuePairs<String, JSONValue> = [:]) throws -> JSONValue {
        try post(h, body([
            .init("pool", .string("p")), .init("question", .string(try question())), .init("method", .string("knn")), .init("k", .int(2)),
            .init("query_vector", .array([.double(1), .double(0)])), .init("include_prompt", .bool(true)),
        ], extra))
    }

    /// The fixture pool embedded by the stub, so the question is embedded and DQ-LoRe's first query runs.
    static func stubHarness(_ stub: StubLLM, _ configure: (inout ServiceConfiguration) -> Void = { _ in }) throws -> ServiceHarness {
        let h = try ServiceHarness.make { c in
            c.llmBaseURL = stub.baseURL
            c.llmModel = "stub-chat"
            c.embedBaseURL = stub.baseURL
            c.embedModel = "stub-embed"
            configure(&c)
        }
        let items = try exemplars("initial_exemplars")
        let vectors = items.map { StubLLM.vector(($0.question ?? "") + "\n" + ($0.answer ?? ""), dim: 8) }
        try ExemplarPoolSeeder.seed(h, items: items, vectors: vectors, embedder: "openai-compatible", model: "stub-embed")
        return h
    }

    /// DQ-LoRe with the fixture's exemplars as the first query's, then generation.
    static func askStub(_ h: ServiceHarness, _ extra: KeyValuePairs<String, JSONValue> = [:]) throws -> JSONValue {
        try post(h, body([
            .init("pool", .string("p")), .init("question", .string(try question())), .init("method", .string("knn")), .init("k", .int(2)),
            .init("initial_ids", .array([.string("e0"), .string("e1"), .string("e2")])), .init("include_prompt", .bool(true)),
            .init("generate", .bool(true)),
        ], extra))
    }

    // MARK: the returned conversation

    @Test func chat_IsTheDefault_AndMessagesMatchTheFixture_ByteForByte() throws {
        let h = try Self.fixtureHarness()
        let r = try Self.ask(h)
        #expect(r["prompt_format"] == .string("chat"))
        #expect(Self.bytes(r["messages"]) == (try Self.expected("final_messages")))
        #expect(r["prompt"] == nil)
        #expect(r["exemplars"]?.arrayValue?.map { $0["id"]?.stringValue } == ["e2", "e0"])
    }

    @Test func chat_WithAnEmptyInstruction_SendsNoSystemMessage() throws {
        let h = try Self.fixtureHarness()
        let r = try Self.ask(h, ["instruction": .string("")])
        #expect(Self.bytes(r["messages"]) == (try Self.expected("final_messages_without_instruction")))
    }

    @Test func text_KeepsTheSpecPrompt_AndReturnsItAsOneUserMessage() throws {
        let h = try Self.fixtureHarness()
        let r = try Self.ask(h, ["prompt_format": .string("text"), "instruction": .string("ignored in text")])
        let expected = try Self.expected("text_final_messages")
        #expect(Self.bytes(r["messages"]) == expected)
        #expect(r["prompt"].map { [Array(($0.stringValue ?? "?").utf8)] } == expected.first.map { [$0[1]] })
        #expect(r["prompt_format"] == .string("text"))
    }

    @Test func withoutIncludePrompt_NeitherPromptNorMessagesIsReturned() throws {
        let h = try Self.fixtureHarness()
        let r = try Self.ask(h, ["include_prompt": .bool(false), "prompt_format": .string("text")])
        #expect(r["messages"] == nil && r["prompt"] == nil && r["exemplars"]?.arrayValue?.count == 2)
    }

    @Test func serverDefaults_ChooseFormatAndInstruction_AndTheRequestOverridesThem() throws {
        let h = try Self.fixtureHarness { c in
            c.generation.promptFormat = .text
            c.generation.instruction = "Answer like the examples."
        }
        #expect(Self.bytes(try Self.ask(h)["messages"]) == (try Self.expected("text_final_messages")))
        let chat = try Self.ask(h, ["prompt_format": .string("chat")])
        #expect(chat["messages"]?.arrayValue?.first == .object(["role": .string("system"), "content": .string("Answer like the examples.")]))
    }

    // MARK: what the LLM receives

    @Test func chat_TheStubGetsTurns_ForTheFirstQueryAndTheAnswer() throws {
        let stub = try StubLLM()
        let h = try Self.stubHarness(stub)
        let r = try Self.askStub(h)
        let sent = try stub.chatRequests()
        try #require(sent.count == 2)
        #expect(Self.bytes(StubLLM.messages(sent[0])) == (try Self.expected("first_query_messages")))
        #expect(Self.bytes(StubLLM.messages(sent[1])) == Self.bytes(r["messages"]))
        #expect(StubLLM.messages(sent[1]).map { $0[0] } == ["system", "user", "assistant", "user", "assistant", "user"])
        #expect(sent.allSatisfy { $0["stop"] == nil && $0["temperature"] as? Double == 0 && $0["seed"] == nil })
        #expect(sent.map { $0["max_tokens"] as? Int } == [300, 300])
        // A chat reply ends with its turn: the CoT is the stripped content, the stub's "Question:" line included.
        let cot = try #require(r["cot"]?.stringValue)
        #expect(cot.hasPrefix("The question has") && cot.hasSuffix("\nQuestion: ignored follow-up"))
    }

    @Test func text_TheStubGetsOneUserMessage_WithTheQuestionStop_ForBothCalls() throws {
        let stub = try StubLLM()
        let h = try Self.stubHarness(stub)
        let r = try Self.askStub(h, ["prompt_format": .string("text")])
        let sent = try stub.chatRequests()
        try #require(sent.count == 2)
        let initial = try Self.exemplars("initial_exemplars").map { PromptExemplar(question: $0.question ?? "", answer: $0.answer ?? "") }
        let firstPrompt = ExemplarPrompt.firstQueryPrompt(exemplars: initial, question: try Self.question())
        #expect(Self.bytes(StubLLM.messages(sent[0])) == Self.bytes([["user", firstPrompt]]))
        #expect(Self.bytes(StubLLM.messages(sent[1])) == Self.bytes(r["messages"]) && StubLLM.messages(sent[1]).count == 1)
        #expect(sent.allSatisfy { $0["stop"] as? [String] == ["\nQuestion:"] })
        #expect(r["cot"]?.stringValue?.contains("Question:") == false)
    }

    @Test func generationSettings_ReachTheUpstream_WithSeparateCapsForFirstQueryAndAnswer() throws {
        let stub = try StubLLM()
        let h = try Self.stubHarness(stub)
        let generation: JSONValue = .object([
            "temperature": .double(0.7), "max_tokens": .int(50), "cot_max_tokens": .int(20), "stop": .array([.string("###")]), "seed": .int(7),
        ])
        _ = try Self.askStub(h, ["generation": generation])
        _ = try Self.askStub(h, ["generation": generation, "prompt_format": .string("text"), "question": .string("other")])
        let sent = try stub.chatRequests()
        try #require(sent.count == 4)
        #expect(sent.map { $0["max_tokens"] as? Int } == [20, 50, 20, 50])
        #expect(sent.allSatisfy { $0["temperature"] as? Double == 0.7 && $0["seed"] as? Int == 7 })
        #expect(sent.map { $0["stop"] as? [String] ?? [] } == [["###"], ["###"], ["\nQuestion:", "###"], ["\nQuestion:", "###"]])
    }

    @Test func serverGenerationDefaults_ReachTheUpstream_WhenTheRequestGivesNone() throws {
        let stub = try StubLLM()
        let h = try Self.stubHarness(stub) { c in
            c.generation.temperature = 0.25
            c.generation.maxTokens = 77
            c.generation.cotMaxTokens = 33
        }
        _ = try Self.askStub(h)
        _ = try Self.askStub(h, ["generation": .object(["max_tokens": .int(9)])])
        let sent = try stub.chatRequests()
        try #require(sent.count == 3)  // the second request's first query is the first's, from the cache
        #expect(sent.map { $0["max_tokens"] as? Int } == [33, 77, 9])
        #expect(sent.allSatisfy { $0["temperature"] as? Double == 0.25 })
    }

    // MARK: the CoT cache key

    @Test func cotCache_DistinguishesFormat_Instruction_AndSettings() throws {
        let stub = try StubLLM()
        let h = try Self.stubHarness(stub)
        func cot(_ extra: KeyValuePairs<String, JSONValue>) throws -> String? {
            try Self.post(h, Self.body([
                .init("pool", .string("p")), .init("question", .string(try Self.question())), .init("method", .string("knn")),
                .init("k", .int(2)), .init("initial_k", .int(2)),
            ], extra))["cache"]?["cot"]?.stringValue
        }
        #expect(try cot([:]) == "miss")
        #expect(try cot([:]) == "hit")
        #expect(try cot(["prompt_format": .string("text")]) == "miss")
        #expect(try cot(["prompt_format": .string("text")]) == "hit")
        #expect(try cot(["instruction": .string("Think, then answer.")]) == "miss")
        #expect(try cot(["generation": .object(["temperature": .double(0.3)])]) == "miss")
        #expect(try cot(["generation": .object(["cot_max_tokens": .int(100)])]) == "miss")
        #expect(try cot(["generation": .object(["seed": .int(1)])]) == "miss")
        #expect(try cot(["generation": .object(["stop": .array([.string("END")])])]) == "miss")
        // The answer's cap is not part of the first query.
        #expect(try cot(["generation": .object(["max_tokens": .int(100)])]) == "hit")
        #expect(try stub.count("chat") == 7)
    }

    // MARK: the answer

    @Test func answerValue_IsTheNumberAfterTheAnswerIs_OrTheAnswerPatternsGroup_AndUsageIsPassedOn() throws {
        let stub = try StubLLM()
        let h = try Self.stubHarness(stub)
        let r = try Self.askStub(h)
        let answer = try #require(r["answer"]?.stringValue)
        // The stub answers "The question has W words and digest D.\nThe answer is N.\nQuestion: ...".
        let n = try #require(answer.components(separatedBy: "The answer is ").last?.prefix { $0.isNumber })
        #expect(!n.isEmpty && r["answer_value"] == .string(String(n)))
        #expect(r["usage"]?["completion_tokens"] == .int(answer.split(whereSeparator: \.isWhitespace).count))
        #expect(r["usage"]?["prompt_tokens"]?.intValue ?? 0 > 0)
        #expect(r["cache"]?["answer"] == .string("miss"))
        let digest = try Self.askStub(h, ["answer_pattern": .string("digest ([0-9a-f]+)")])
        let hex = try #require(answer.components(separatedBy: "digest ").last?.prefix(8))
        #expect(digest["answer_value"] == .string(String(hex)) && digest["cache"]?["answer"] == .string("hit"))
        #expect(digest["usage"] == .object(["prompt_tokens": .null, "completion_tokens": .null]))
        let none = try Self.askStub(h, ["answer_pattern": .string("#### (\\d+)")])
        #expect(none["answer_value"] == .null && none["answer"] == r["answer"])
    }

    @Test func withoutGenerate_NoAnswerFieldsAreReturned() throws {
        let h = try Self.fixtureHarness()
        let r = try Self.ask(h, ["answer_pattern": .string("(\\d+)")])
        #expect(r["answer"] == nil && r["answer_value"] == nil && r["usage"] == nil && r["cache"]?["answer"] == nil)
    }
}
