import JSON
import LinearAlgebra
import Selection
import Testing

@Suite struct ExemplarErrorTests {
    let data = ExemplarTestData(seed: 5, rows: 20, dim: 4)

    private func expectError(
        _ code: SelectionError.Code, _ parameter: String?, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
    ) {
        do {
            try body()
            Issue.record("expected \(code.rawValue) naming \(parameter ?? "nothing")", sourceLocation: sourceLocation)
        } catch let e as SelectionError {
            #expect(e.code == code, sourceLocation: sourceLocation)
            #expect(e.parameter == parameter, sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    private func parse(_ values: [String: JSONValue]) throws -> ExemplarOptions {
        try ExemplarOptions(parameters: Parameters(values))
    }

    @Test func negativeK_IsInvalidBudget_NamingK() {
        expectError(.invalidBudget, "k") { _ = try data.rank(ExemplarOptions(k: -1)) }
    }

    @Test func kAboveFirstStageSize_IsInvalidBudget_NamingK() {
        expectError(.invalidBudget, "k") { _ = try data.rank(ExemplarOptions(reranker: .knn, k: 6, m: 5)) }
    }

    @Test func kAboveFilteredPool_ForRandom_IsInvalidBudget_NamingK() {
        expectError(.invalidBudget, "k") { _ = try data.rank(ExemplarOptions(reranker: .random, k: 3), allowed: [1, 2]) }
    }

    @Test func randomK_MayExceedM_ButNotThePool() throws {
        let result = try data.rank(ExemplarOptions(reranker: .random, k: 15, m: 2))
        #expect(result.order.count == 15)
    }

    @Test func nonIntegerK_IsInvalidBudget_NamingK() {
        expectError(.invalidBudget, "k") { _ = try parse(["k": .double(2.5)]) }
    }

    @Test func zeroM_IsInvalidParameter_NamingM() {
        expectError(.invalidParameter, "m") { _ = try data.rank(ExemplarOptions(m: 0)) }
    }

    @Test func zeroComponents_IsInvalidParameter_NamingNComponents() {
        expectError(.invalidParameter, "n_components") { _ = try data.rank(ExemplarOptions(k: 1, nComponents: 0)) }
    }

    @Test func nonPositiveSigma_IsInvalidParameter_EvenForAnotherReranker() {
        expectError(.invalidParameter, "sigma") { _ = try data.rank(ExemplarOptions(reranker: .knn, k: 1, sigma: 0)) }
    }

    @Test func infiniteSigma_IsNonFinite_NamingSigma() {
        expectError(.nonFiniteInput, "sigma") { _ = try data.rank(ExemplarOptions(reranker: .gaussian, k: 1, sigma: .infinity)) }
    }

    @Test func lambdaOutsideUnitInterval_IsInvalidParameter_EvenForLore() {
        expectError(.invalidParameter, "lambda") { _ = try data.rank(ExemplarOptions(reranker: .lore, k: 1, lambda: 1.5)) }
        expectError(.invalidParameter, "lambda") { _ = try parse(["reranker": .string("knn"), "lambda": .double(-0.1)]) }
    }

    @Test func nanLambda_IsNonFinite_NamingLambda() {
        expectError(.nonFiniteInput, "lambda") { _ = try data.rank(ExemplarOptions(reranker: .mmr, k: 1, lambda: .nan)) }
    }

    @Test func unknownReranker_IsInvalidParameter_NamingReranker() {
        expectError(.invalidParameter, "reranker") { _ = try parse(["reranker": .string("tfidf")]) }
    }

    @Test func unknownKey_IsUnknownParameter_NamingIt() {
        expectError(.unknownParameter, "fraction") { _ = try parse(["fraction": .double(0.5)]) }
    }

    @Test func negativeSeed_IsInvalidParameter_NamingSeed() {
        expectError(.invalidParameter, "seed") { _ = try parse(["reranker": .string("random"), "seed": .int(-1)]) }
    }

    @Test func mgsDefaultsToMTen_WhenParsed() throws {
        #expect(try parse(["reranker": .string("mgs")]).requestedM == 10)
        #expect(try parse(["reranker": .string("lore")]).requestedM == 64)
    }

    @Test func nanInQuery_IsNonFinite_NamingQuery() {
        var q = data.query
        q[2] = .nan
        expectError(.nonFiniteInput, "query") { _ = try ExemplarRanker.rank(query: q, pool: data.pool, options: ExemplarOptions(k: 1)) }
    }

    @Test func infinityInPool_IsNonFinite_NamingPool_OnEveryPath() {
        var pool = data.pool
        pool[7, 1] = .infinity
        expectError(.nonFiniteInput, "pool") { _ = try ExemplarRanker.rank(query: data.query, pool: pool, options: ExemplarOptions(k: 1)) }
        expectError(.nonFiniteInput, "pool") {
            _ = try ExemplarRanker.rank(query: data.query, pool: pool, options: ExemplarOptions(reranker: .random, k: 1))
        }
        expectError(.nonFiniteInput, "pool") { _ = try ExemplarPool(pool) }
    }

    @Test func overflowingInnerProduct_IsNonFinite_NamingPool() {
        let pool = Matrix(rows: 2, cols: 2, values: [3e38, 3e38, 1, 1])
        expectError(.nonFiniteInput, "pool") {
            _ = try ExemplarRanker.rank(query: [1, 1], pool: pool, options: ExemplarOptions(reranker: .knn, k: 1))
        }
    }

    @Test func queryOfOtherDimension_IsShapeMismatch_NamingQuery() {
        expectError(.shapeMismatch, "query") { _ = try ExemplarRanker.rank(query: [1, 2, 3], pool: data.pool, options: ExemplarOptions(k: 1)) }
    }

    @Test func emptyPool_IsEmptyInput_NamingPool() {
        expectError(.emptyInput, "pool") {
            _ = try ExemplarRanker.rank(query: [1], pool: Matrix(rows: 0, cols: 1), options: ExemplarOptions(k: 0))
        }
    }

    @Test func excludeOutsidePool_IsInvalidParameter_NamingExclude() {
        expectError(.invalidParameter, "exclude") { _ = try ExemplarFilter.allowedIndices(poolSize: 3, excluding: [3]) }
        expectError(.invalidParameter, "exclude") { _ = try ExemplarFilter.allowedIndices(poolSize: 3, excluding: [-1]) }
    }

    @Test func excludingEveryRow_IsEmptyInput() throws {
        let allowed = try ExemplarFilter.allowedIndices(poolSize: 2, excluding: [1, 0, 1])
        #expect(allowed.isEmpty)
        let pool = Matrix(rows: 2, cols: 1, values: [1, 2])
        expectError(.emptyInput, "filter") { _ = try ExemplarRanker.rank(query: [1], pool: pool, allowed: allowed, options: ExemplarOptions(k: 0)) }
    }

    @Test func unsortedAllowedIndices_AreInvalidParameter() {
        expectError(.invalidParameter, "filter") { _ = try data.rank(ExemplarOptions(k: 1), allowed: [3, 1]) }
    }

    @Test func mgsOverSubsetCap_IsTooManySubsets() {
        let big = ExemplarTestData(seed: 1, rows: 70, dim: 3)
        expectError(.tooManySubsets, "m") { _ = try big.rank(ExemplarOptions(reranker: .mgs, k: 8, m: 64)) }
    }

    @Test func subsetCount_IsBinomial_AndStopsAtTheCap() {
        #expect(MGSReranker.subsetCount(10, 8) == 45)
        #expect(MGSReranker.subsetCount(20, 0) == 1)
        #expect(MGSReranker.subsetCount(64, 8) == nil)
        #expect(MGSReranker.subsetCount(200_000, 1) == 200_000)
        #expect(MGSReranker.subsetCount(200_001, 1) == nil)
    }

    @Test func cancelledControl_StopsTheFirstStage() {
        let control = SelectionControl(isCancelled: { true })
        expectError(.cancelled, nil) {
            _ = try ExemplarRanker.rank(query: data.query, pool: data.pool, options: ExemplarOptions(k: 1), control: control)
        }
        expectError(.cancelled, nil) {
            _ = try ExemplarRanker.rank(query: data.query, pool: ExemplarPool(data.pool), options: ExemplarOptions(k: 1), control: control)
        }
    }

    @Test func cancelledControl_StopsTheSubsetWalk() throws {
        let pool = try ExemplarPool(ExemplarTestData(seed: 2, rows: 30, dim: 4).pool)
        let c = ExemplarCandidates(
            dim: 4, query: [0, 0, 0, 0], rows: Array(pool.matrix.values.prefix(20 * 4)),
            innerProducts: [Float](repeating: 0, count: 20))
        expectError(.cancelled, nil) { _ = try MGSReranker.rerank(c, k: 5, control: SelectionControl(isCancelled: { true })) }
    }

    @Test(arguments: ExemplarReranker.allCases)
    func kZero_ReturnsNothing_AfterValidation(_ reranker: ExemplarReranker) throws {
        let result = try data.rank(ExemplarOptions(reranker: reranker, k: 0))
        #expect(result.order.isEmpty)
        #expect(result.poolSize == 20)
        expectError(.invalidParameter, "lambda") { _ = try data.rank(ExemplarOptions(reranker: reranker, k: 0, lambda: 2)) }
    }
}
