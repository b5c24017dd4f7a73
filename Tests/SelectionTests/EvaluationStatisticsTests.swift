import Testing
import Selection

/// Bootstrap intervals and the exact McNemar test against scripts/evaluation_reference.py (an
/// independent Python implementation; its printed figures are the constants below).
@Suite struct EvaluationStatisticsTests {
    @Test func bootstrapInterval_EqualsThePythonReference_BitForBit() throws {
        let values: [Double] = [1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1]
        // python3 scripts/evaluation_reference.py: "# unit: bootstrap ... (1000 resamples, seed 7)"
        let ci = try #require(EvaluationStatistics.bootstrapInterval(values, resamples: 1000, seed: 7))
        #expect(ci.low == 0.4487500000000001 && ci.high == 0.85)
        // Same seed, same bits; another seed, another interval is allowed but the width stays sane.
        let again = try #require(EvaluationStatistics.bootstrapInterval(values, resamples: 1000, seed: 7))
        #expect(again.low == ci.low && again.high == ci.high)
    }

    @Test func bootstrapInterval_OfNothing_IsNil_AndOfAConstant_IsThatConstant() throws {
        #expect(EvaluationStatistics.bootstrapInterval([], resamples: 100, seed: 1) == nil)
        let ci = try #require(EvaluationStatistics.bootstrapInterval([1, 1, 1], resamples: 100, seed: 1))
        #expect(ci.low == 1 && ci.high == 1)
    }

    @Test func percentile_InterpolatesLinearlyBetweenClosestRanks() {
        #expect(EvaluationStatistics.percentile([0, 10, 20, 30], 0.5) == 15)
        #expect(EvaluationStatistics.percentile([0, 10, 20, 30], 1) == 30)
        #expect(EvaluationStatistics.percentile([5], 0.025) == 5)
    }

    // python3 scripts/evaluation_reference.py: the "mcnemar b= c=" lines (exact fractions as floats).
    @Test(arguments: [(7, 3, 0.34375), (0, 5, 0.0625), (12, 2, 0.012939453125), (1, 1, 1.0), (0, 0, 1.0), (3000, 2900, 0.1974390248435765)])
    func mcnemarExactP_EqualsTheExactBinomialTail(_ b: Int, _ c: Int, _ expected: Double) {
        let p = EvaluationStatistics.mcnemarExactP(b: b, c: c)
        #expect(abs(p - expected) <= 1e-9 * expected, "b=\(b) c=\(c): \(p) vs \(expected)")
        #expect(EvaluationStatistics.mcnemarExactP(b: c, c: b) == p)
    }
}
