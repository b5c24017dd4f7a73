import Foundation
import JSON
import Selection

/// One golden case of Tests/Fixtures/dsir (dsir.md §12), as engine texts and parameters.
struct DSIRFixture: Decodable {
    struct Item: Decodable {
        let id: String
        let question: String?
        let answer: String?
        let text: String?
    }

    struct Expected: Decodable {
        let k, target_features, candidate_features, eligible, empty_candidates: Int
        let order, all_tokens: [Int]
        let scores, all_scores: [Double]
        /// Sample mode only.
        let keys: [Double]?
        let mode: String
        let warnings: [String]
        /// hostile_unicode only.
        let tokens: [[String]]?
        /// items_template only.
        let rendered: [String]?
    }

    let `case`: String
    let params: [String: FixtureValue]
    let candidate_texts: [String]?
    let candidate_items: [Item]?
    let target_texts: [String]?
    let target_items: [Item]?
    let tolerance: Fixture.Tolerance
    let expected: Expected

    static func load(_ name: String) throws -> DSIRFixture {
        let data = try Data(contentsOf: Fixture.root.appendingPathComponent("dsir").appendingPathComponent(name + ".json"))
        return try JSONDecoder().decode(DSIRFixture.self, from: data)
    }

    /// The candidates' texts: verbatim, or the fixture's own rendering of its items (the Service
    /// renders templates; the HTTP replay checks that rendering).
    var candidateTexts: [String] { candidate_texts ?? expected.rendered ?? [] }

    /// The targets' texts: verbatim, or items rendered with the fixtures' only target template,
    /// the default `{question}\n{answer}`.
    var targetTexts: [String] {
        if let target_texts { return target_texts }
        precondition(params["target_template"].map { $0 == .string("{question}\n{answer}") } ?? true, "unexpected target template")
        return (target_items ?? []).map { ($0.question ?? "") + "\n" + ($0.answer ?? "") }
    }

    var budget: Budget {
        if case let .double(f)? = params["fraction"] { return .fraction(f) }
        if case let .int(k)? = params["k"] { return .count(k) }
        preconditionFailure("fixture \(self.case) has no budget")
    }

    var seed: UInt64? {
        if case let .int(s)? = params["seed"] { return UInt64(s) }
        return nil
    }

    /// `params` without the budget and the seed, which the API sends elsewhere.
    var methodParameters: Parameters {
        Parameters(params.filter { !["k", "fraction", "seed"].contains($0.key) }.mapValues(\.json))
    }

    func run(blockRows: Int = 4096, workers: Int = 1) throws -> SelectionResult {
        let texts = SelectionTexts(candidates: ArrayTextSource(candidateTexts), targets: ArrayTextSource(targetTexts))
        return try DSIRSelector.select(
            SelectionInput(texts: texts, blockRows: blockRows, workers: workers), budget: budget, parameters: methodParameters,
            seed: seed, control: .none)
    }

    /// Whether `a` is within the fixture's tolerance of `b`.
    func close(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= tolerance.atol + tolerance.rtol * abs(b)
    }

    /// Every difference between `result` and the expected block (empty when it is reproduced).
    func mismatches(_ result: SelectionResult) -> [String] {
        var problems: [String] = []
        if result.order != expected.order { problems.append("order \(result.order) != \(expected.order)") }
        let scores = result.scores ?? []
        if scores.count != expected.scores.count || !zip(scores, expected.scores).allSatisfy(close) {
            problems.append("scores \(scores.prefix(5)) != \(expected.scores.prefix(5))")
        }
        let keys = result.diagnostic("keys")?.arrayValue?.compactMap(\.doubleValue)
        if let want = expected.keys {
            if keys == nil || keys!.count != want.count || !zip(keys!, want).allSatisfy(close) { problems.append("keys differ") }
        } else if result.diagnostic("keys") != .null {
            problems.append("keys present in top mode")
        }
        let integers: [(String, Int)] = [("target_features", expected.target_features), ("candidate_features", expected.candidate_features),
                                         ("eligible", expected.eligible), ("empty_candidates", expected.empty_candidates)]
        for (key, want) in integers where result.diagnostic(key)?.intValue != want {
            problems.append("\(key) \(String(describing: result.diagnostic(key))) != \(want)")
        }
        if result.diagnostic("mode")?.stringValue != expected.mode { problems.append("mode") }
        if result.warnings.count != expected.warnings.count { problems.append("warnings \(result.warnings) != \(expected.warnings)") }
        return problems
    }
}
