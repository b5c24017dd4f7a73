import JSON
import LinearAlgebra
import Selection
import Synchronization
import Testing

/// coverage.md §4: every selection method reports `quality` (coverage, relevance, nn_recall) of
/// its selection on the same yardstick, the checkpoint-weighted cosine S, whether the method
/// kept S or the figures take one more pass (`Selector.selectAndMeasure`).
@Suite struct SelectionQualityTests {
    /// Targets t0 = (1, 0), t1 = (0, 1); candidates (3, 4), (1, 0), (0, -2), (-1, 0). S is
    /// t0: [0.6, 1, 0, -1], t1: [0.8, 0, -1, 0] (0.6 and 0.8 as float32 quotients 3/5 and 4/5):
    /// t0's pool best is candidate 1, t1's is candidate 0.
    static let hand = SelectionInput(
        candidates: HandInput.matrix([[3, 4], [1, 0], [0, -2], [-1, 0]]), targets: HandInput.matrix([[1, 0], [0, 1]]))
    static let cos35 = Double(Float(3) / Float(5))
    static let cos45 = Double(Float(4) / Float(5))

    static func quality(_ result: SelectionResult) -> JSONValue? { result.diagnostic(SelectionQuality.diagnosticKey) }

    /// The API's `diagnostics.quality` object.
    static func figures(coverage: Double?, relevance: Double?, nnRecall: Double) -> JSONValue {
        .object([
            JSONValue.Member("coverage", coverage.map(JSONValue.double) ?? .null),
            JSONValue.Member("relevance", relevance.map(JSONValue.double) ?? .null),
            JSONValue.Member("nn_recall", .double(nnRecall)),
        ])
    }

    @Test func facilityLocation_FirstPickServesOneTargetsBest_HalfTheNearestNeighboursRecalled() throws {
        // Gains at cur = 0: candidate 0 serves both targets (0.5 * 0.6 + 0.5 * 0.8), candidate 1 only t0 (0.5).
        let result = try runSelector(FacilityLocationSelector.self, Self.hand, k: 1)
        #expect(result.order == [0])
        #expect(Self.quality(result) == Self.figures(coverage: (0 + Self.cos35 + Self.cos45) / 2, relevance: Self.cos45, nnRecall: 0.5))
    }

    @Test func roundRobin_EachTargetTakesItsBest_AllRecalled() throws {
        let result = try runSelector(RoundRobinSelector.self, Self.hand, k: 2)
        #expect(result.order == [1, 0])
        #expect(Self.quality(result) == Self.figures(coverage: (0 + 1 + Self.cos45) / 2, relevance: (0 + 1 + Self.cos45) / 2, nnRecall: 1))
    }

    /// `random` keeps no S: the figures come from the extra pass. With k = N every target's best is in.
    @Test func random_TakingEveryCandidate_MeasuresTheWholePool() throws {
        let result = try runSelector(RandomSelector.self, Self.hand, k: 4, seed: 3)
        var relevance = 0.0
        for j in result.order { relevance = relevance + [Self.cos45, 1, 0, 0][j] }
        #expect(Set(result.order) == [0, 1, 2, 3])
        #expect(Self.quality(result) == Self.figures(coverage: (0 + 1 + Self.cos45) / 2, relevance: relevance / 4, nnRecall: 1))
    }

    @Test func random_WithoutTargets_HasNullQuality() throws {
        let input = SelectionInput(candidates: HandInput.candidates, targets: Matrix(rows: 0, cols: 2))
        let result = try runSelector(RandomSelector.self, input, k: 2)
        #expect(Self.quality(result) == .null)
    }

    /// Every method on vectors, whether it kept S or not, reports the figures of its own order
    /// on the S that `SimilarityMatrix.compute` gives.
    @Test(arguments: SelectionEngine.vectorMethodNames)
    func everyMethod_ReportsQuality_OnTheSameSimilarity(_ name: String) throws {
        let selector = try #require(SelectionEngine.selector(named: name))
        let data = SyntheticInput(seed: 21, n: 90, m: 5, d: 6)
        let result = try runSelector(selector, data.input(blockRows: 13), k: 12, parameters: ParallelInvarianceTests.parameters(name), seed: 2)
        let s = try SimilarityMatrix.compute(data.input(), weights: [1])
        let want = try #require(SelectionQuality.measure(s, order: result.order))
        #expect(Self.quality(result) == want.json, "\(name)")
        #expect(result.similarity == nil, "\(name): S is released with the result")
        #expect(result.diagnostics.last?.key == SelectionQuality.diagnosticKey, "\(name)")
    }

    /// coverage.md §4's cost rule: the methods that keep S read it (no `quality` progress
    /// stage, so no second GEMM pass); the others take exactly one more pass.
    @Test(arguments: SelectionEngine.vectorMethodNames)
    func quality_TakesAnExtraPass_OnlyForMethodsThatKeepNoSimilarity(_ name: String) throws {
        let selector = try #require(SelectionEngine.selector(named: name))
        let stages = Mutex([String]())
        let control = SelectionControl(progress: { stage, _, _ in stages.withLock { $0.append(stage) } })
        let data = SyntheticInput(seed: 5, n: 40, m: 3, d: 4)
        _ = try runSelector(selector, data.input(blockRows: 7), k: 6, parameters: ParallelInvarianceTests.parameters(name), seed: 1, control: control)
        let keepsS: Set = ["less", "mean_topk", "doubly_greedy", "round_robin", "uot", "knn_uniform", "facility_location"]
        #expect(stages.withLock { $0.contains(SelectionQuality.progressStage) } == !keepsS.contains(name), "\(name): \(stages.withLock { Set($0) })")
    }

    @Test(arguments: SelectionEngine.vectorMethodNames)
    func zeroBudget_HasNullCoverageAndRelevance_AndNoRecall(_ name: String) throws {
        let selector = try #require(SelectionEngine.selector(named: name))
        let result = try runSelector(selector, Self.hand, k: 0)
        #expect(Self.quality(result) == Self.figures(coverage: nil, relevance: nil, nnRecall: 0), "\(name)")
    }

    @Test func everyMethod_DeclaresQuality_AsItsLastDiagnostic() {
        for selector in SelectionEngine.selectors {
            let keys = selector.method.diagnostics.map(\.key)
            #expect(keys.last == SelectionQuality.diagnosticKey, "\(selector.methodName)")
            #expect(keys.filter { $0 == SelectionQuality.diagnosticKey }.count == 1, "\(selector.methodName)")
        }
    }

    /// dsir selects on text; given vectors of the same items it is measured on them, else not at all.
    @Test func dsir_IsMeasuredOnVectors_OnlyWhenItHasThem() throws {
        let texts = SelectionTexts(
            candidates: ArrayTextSource(["clips sold", "the river", "sold clips today", "king"]),
            targets: ArrayTextSource(["clips", "sold"]))
        let params = Parameters(["mode": .string("top")])
        let alone = try DSIRSelector.selectAndMeasure(SelectionInput(texts: texts), budget: .count(2), parameters: params, seed: nil, control: .none)
        #expect(Self.quality(alone) == .null)
        var withVectors = Self.hand
        withVectors.texts = texts
        let measured = try DSIRSelector.selectAndMeasure(withVectors, budget: .count(2), parameters: params, seed: nil, control: .none)
        #expect(measured.order == alone.order)
        let s = try SimilarityMatrix.compute(Self.hand, weights: [1])
        #expect(Self.quality(measured) == SelectionQuality.measure(s, order: measured.order)?.json)
    }
}
