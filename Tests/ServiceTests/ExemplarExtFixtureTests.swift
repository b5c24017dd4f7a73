import Foundation
import JSON
import LinearAlgebra
import Selection
import Storage
import Testing
@testable import Service
import TestSupport

/// Every golden case of Tests/Fixtures/exemplars_ext (bm25, hybrid, dpp, the prompt budget)
/// through the engine (the pool's FTS5 table, `ExemplarRanker`, `ExemplarPromptBudget`) and
/// through `POST /v1/exemplars` (items stored with their texts, vectors as a feature when the
/// case has them, the query sent as `query_vector`).
@Suite struct ExemplarExtFixtureTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/exemplars_ext")

    static var cases: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    static func fixture(_ name: String) throws -> JSONValue {
        try JSONParser.parse(Array(try Data(contentsOf: directory.appendingPathComponent(name + ".json"))))
    }

    static func floats(_ v: JSONValue?) -> [Float] { v?.arrayValue?.compactMap { $0.doubleValue.map(Float.init) } ?? [] }
    static func ints(_ v: JSONValue?) -> [Int] { v?.arrayValue?.compactMap(\.intValue) ?? [] }
    /// A list whose entries may be null (positions, ranks of one RRF list).
    static func optionalInts(_ v: JSONValue?) -> [Int?] { v?.arrayValue?.map(\.intValue) ?? [] }

    static func items(_ f: JSONValue) -> [ItemInput] {
        (f["items"]?.arrayValue ?? []).enumerated().map { i, item in
            ItemInput(extID: "e\(i)", question: item["question"]?.stringValue, answer: item["answer"]?.stringValue)
        }
    }

    static func tolerance(_ f: JSONValue) -> (rtol: Double, atol: Double) {
        (f["tolerance"]?["rtol"]?.doubleValue ?? 1e-5, f["tolerance"]?["atol"]?.doubleValue ?? 1e-6)
    }

    static func close(_ got: [Double]?, _ want: JSONValue?, _ f: JSONValue) -> Bool {
        let (rtol, atol) = tolerance(f)
        let want = want?.arrayValue?.compactMap(\.doubleValue) ?? []
        guard let got, got.count == want.count else { return false }
        return zip(got, want).allSatisfy { abs($0 - $1) <= atol + rtol * abs($1) }
    }

    // MARK: engine

    /// The case run as the service runs it, without HTTP: the items in a pool's search table,
    /// the question's scores from it, then the ranker and the budget.
    static func engine(_ f: JSONValue) throws -> ExemplarResult {
        let temporary = try TemporaryDirectory("ext")
        let database = try DatabasePool(path: temporary.databasePath, migrations: EmbeddedMigrations.all)
        let items = Self.items(f)
        let question = f["question"]?.stringValue ?? ""
        let (keys, hits) = try database.write { db in
            let pool = try db.createPool(name: "p")
            try db.upsertItems(poolID: pool.id, items)
            let match = QueryTokenizer.matchExpression(try QueryTokenizer.shared.tokens(question))
            return (try db.itemKeys(poolID: pool.id), try match.map { try db.itemSearchScores(poolID: pool.id, match: $0) } ?? [])
        }
        let indexByRow = Dictionary(uniqueKeysWithValues: keys.map { ($0.rowID, $0.index) })
        let lexical = LexicalScores(
            queryTokens: try QueryTokenizer.shared.tokens(question),
            scoreByIndex: Dictionary(uniqueKeysWithValues: hits.map { (indexByRow[$0.rowID]!, $0.score) }))
        var params: [String: JSONValue] = [:]
        if case let .object(members)? = f["params"] { for m in members where m.key != "exclude" { params[m.key] = m.value } }
        let options = try ExemplarOptions(parameters: Parameters(params))
        let allowed = try ExemplarFilter.allowedIndices(poolSize: items.count, excluding: ints(f["params"]?["exclude"]))
        var result: ExemplarResult
        if let rows = f["pool"]?.arrayValue {
            let pool = Matrix(rowArrays: rows.map { floats($0) }) ?? Matrix(rows: 0, cols: 0)
            result = try ExemplarRanker.rank(query: floats(f["query"]), pool: pool, allowed: allowed, options: options, lexical: lexical)
        } else {
            result = try ExemplarRanker.rank(lexical: lexical, poolSize: items.count, allowed: allowed, options: options)
        }
        try ExemplarPromptBudget.apply(&result, question: question, maxBytes: options.maxPromptBytes) {
            PromptExemplar(question: items[$0].question ?? "", answer: items[$0].answer ?? "")
        }
        return result
    }

    @Test(arguments: cases)
    func engine_ReproducesTheGoldenFixture(_ name: String) throws {
        let f = try Self.fixture(name)
        let expected = try #require(f["expected"])
        let result = try Self.engine(f)
        #expect(result.order == Self.ints(expected["order"]), "\(name) order")
        #expect(Self.close(result.scores, expected["scores"], f), "\(name) scores \(result.scores ?? [])")
        #expect(result.ranks == Self.ints(expected["ranks"]))
        #expect(result.positions == Self.optionalInts(expected["positions"]))
        #expect(result.order.count == expected["k"]?.intValue)
        #expect(result.poolSize == expected["pool_size"]?.intValue)
        #expect(result.promptBytes == expected["prompt_bytes"]?.intValue)
        #expect(result.skipped == Self.ints(expected["skipped"]))
        #expect(result.warnings.count == expected["warnings"]?.arrayValue?.count, "\(name) warnings \(result.warnings)")
        #expect(result.m == expected["m"]?.intValue)
        if let firstStage = expected["first_stage"] {
            #expect(result.firstStage == Self.ints(firstStage))
            #expect(Self.close(result.firstStageScores, expected["first_stage_scores"], f))
        }
        try expectDiagnostics(result.diagnostics, expected, f, name)
        if let prompt = expected["final_prompt"]?.stringValue {
            let items = Self.items(f)
            let kept = result.order.map { PromptExemplar(question: items[$0].question ?? "", answer: items[$0].answer ?? "") }
            let built = ExemplarPrompt.finalPrompt(exemplars: kept, question: f["question"]?.stringValue ?? "")
            #expect(Array(built.utf8) == Array(prompt.utf8))
            #expect(built.utf8.count == result.promptBytes)
        }
    }

    /// `bm25`, `hybrid` and `dpp` diagnostics: lists and integers exactly, floats within tolerance.
    func expectDiagnostics(_ diagnostics: [JSONValue.Member], _ expected: JSONValue, _ f: JSONValue, _ name: String) throws {
        let got = JSONValue.object(diagnostics)
        for key in ["bm25", "hybrid", "dpp"] {
            guard let want = expected[key] else {
                #expect(got[key] == nil, "\(name): unexpected diagnostics.\(key)")
                continue
            }
            let have = try #require(got[key], "\(name): diagnostics.\(key)")
            switch key {
            case "bm25":
                #expect(have["query_tokens"] == want["query_tokens"], "\(name) query_tokens")
                #expect(have["n_matched"] == want["n_matched"])
            case "hybrid":
                #expect(Self.ints(have["bm25_list"]) == Self.ints(want["bm25_list"]))
                #expect(Self.close(have["bm25_scores"]?.arrayValue?.compactMap(\.doubleValue), want["bm25_scores"], f))
                #expect(Self.optionalInts(have["dense_rank"]) == Self.optionalInts(want["dense_rank"]))
                #expect(Self.optionalInts(have["bm25_rank"]) == Self.optionalInts(want["bm25_rank"]))
            default:
                #expect(have["n_greedy"] == want["n_greedy"])
                #expect(Self.ints(have["greedy_positions"]) == Self.ints(want["greedy_positions"]))
                #expect(Self.close(have["gains"]?.arrayValue?.compactMap(\.doubleValue), want["gains"], f))
            }
        }
    }

    // MARK: HTTP

    /// The request body: the case's params under their API names, the text prompt included.
    static func body(_ f: JSONValue) -> JSONValue {
        var members: [JSONValue.Member] = [
            .init("pool", .string("p")), .init("question", f["question"] ?? .string("")),
            .init("include_prompt", .bool(true)), .init("prompt_format", .string("text")),
        ]
        if let query = f["query"] { members.append(.init("query_vector", query)) }
        return .object(members + ExemplarFixtureTests.apiParams(f))
    }

    @Test(arguments: cases)
    func route_ReproducesTheGoldenFixture(_ name: String) throws {
        let f = try Self.fixture(name)
        let expected = try #require(f["expected"])
        let h = try ServiceHarness.make()
        let vectors = f["pool"]?.arrayValue.map { $0.map { Self.floats($0) } }
        try ExemplarPoolSeeder.seed(h, items: Self.items(f), vectors: vectors)
        let r = try h.client.json("POST", "/v1/exemplars", Self.body(f))
        try #require(r.status == 200, "\(name): \(r.text)")
        let json = try r.json()
        let exemplars = json["exemplars"]?.arrayValue ?? []
        let order = exemplars.compactMap { $0["index"]?.intValue }
        #expect(order == Self.ints(expected["order"]), "\(name) order")
        #expect(exemplars.map { $0["id"]?.stringValue } == order.map { "e\($0)" })
        #expect(Self.close(exemplars.compactMap { $0["score"]?.doubleValue }, expected["scores"], f), "\(name) scores")
        #expect(exemplars.map { $0["rank"]?.intValue } == Self.ints(expected["ranks"]).map(Optional.some))
        #expect(exemplars.map { $0["first_stage_rank"]?.intValue } == Self.optionalInts(expected["positions"]).map { $0.map { $0 + 1 } })
        #expect(json["k"] == expected["k"] && json["requested_k"] == expected["requested_k"])
        #expect(json["prompt_bytes"] == expected["prompt_bytes"])
        #expect(json["skipped"]?.arrayValue?.compactMap { $0["index"]?.intValue } == Self.ints(expected["skipped"]))
        #expect(json["warnings"]?.arrayValue?.count == expected["warnings"]?.arrayValue?.count, "\(name): \(json["warnings"] ?? .null)")
        guard case let .object(diagnostics)? = json["diagnostics"] else { Issue.record("\(name): no diagnostics"); return }
        try expectDiagnostics(diagnostics, expected, f, name)
        if let prompt = expected["final_prompt"]?.stringValue {
            #expect(json["prompt"]?.stringValue.map { Array($0.utf8) } == Array(prompt.utf8))
        }
        #expect(json["prompt"]?.stringValue?.utf8.count == expected["prompt_bytes"]?.intValue)
        #expect(json["cache"] == .object(["cot": .string("none"), "embedding": .string("none")]) && json["cot"] == .null)
    }
}
