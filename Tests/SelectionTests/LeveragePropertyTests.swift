import JSON
import LinearAlgebra
import PropertyBased
import Selection
import Testing

/// leverage (coverage.md §3): τ lies in [0, 1], sums to the effective dimension
/// `Σ_k s_k / (s_k + λ)` of the Gram matrix's eigenvalues, identical rows tie exactly, and both
/// routes (Gram when D <= N, kernel when D > N) agree.
@Suite struct LeveragePropertyTests {
    static func tau(_ result: SelectionResult) -> [Double] {
        (result.diagnostic("all_scores")?.arrayValue ?? []).compactMap(\.doubleValue)
    }

    /// The eigenvalues of `G = X^T X` for the normalised rows of `candidates` (one checkpoint).
    static func gramEigenvalues(_ candidates: Matrix) throws -> [Double] {
        let x = DoubleMatrix(candidates.rowNormalized())
        var g = DoubleMatrix(rows: x.cols, cols: x.cols)
        for r in 0..<x.rows { for a in 0..<x.cols { for b in 0..<x.cols { g[a, b] += x[r, a] * x[r, b] } } }
        return try LAPACK.symmetricEigenvalues(g)
    }

    @Test func scores_LieInZeroOne_AndSumToTheEffectiveDimension() async {
        await propertyCheck(count: 40, input: Gen.int(in: 0...1_000_000), Gen.int(in: 2...40), Gen.int(in: 1...12)) { seed, n, d in
            var data = SyntheticInput(seed: UInt64(seed), n: n, m: 1, d: d)
            if n > 2 { for c in 0..<d { data.candidates[1, c] = 0 } }
            let ridge = [1e-3, 0.05, 1.0][seed % 3]
            let result = try runSelector(LeverageSelector.self, data.input(), k: n, parameters: ["mode": .string("top"), "ridge": .double(ridge)])
            let tau = Self.tau(result)
            #expect(tau.count == n)
            #expect(tau.allSatisfy { $0 >= 0 && $0 <= 1 })
            let lambda = try #require(result.diagnostic("lambda")?.doubleValue)
            let expected = try Self.gramEigenvalues(data.candidates).reduce(0.0) { $0 + max($1, 0) / (max($1, 0) + lambda) }
            let sum = tau.reduce(0, +)
            #expect(abs(sum - expected) <= 1e-9 * max(1, expected), "Σ τ = \(sum), Σ s/(s+λ) = \(expected)")
            #expect(result.diagnostic("effective_dim")?.doubleValue == tau.reduce(0.0) { $0 + $1 })
            if n > 2 { #expect(tau[1] == 0) }
        }
    }

    @Test func identicalRows_GetBitIdenticalScores_OnBothRoutes() async {
        await propertyCheck(count: 30, input: Gen.int(in: 0...1_000_000), Gen.int(in: 4...30)) { seed, n in
            for d in [2, n + 3] {
                let data = SyntheticInput(seed: UInt64(seed), n: n, m: 1, d: d).duplicatingCandidate(0, onto: n - 1)
                let tau = Self.tau(try runSelector(LeverageSelector.self, data.input(blockRows: 3), k: 0))
                #expect(tau[0] == tau[n - 1], "d = \(d)")
            }
        }
    }

    @Test func gramAndKernelRoutes_Agree() async {
        // Same rows twice: D = 6 <= N = 8 takes the Gram route; the first 5 rows (D > N) the kernel
        // route; τ of a subset is checked against a direct solve on both.
        await propertyCheck(count: 20, input: Gen.int(in: 0...1_000_000)) { seed in
            let data = SyntheticInput(seed: UInt64(seed), n: 5, m: 1, d: 6)
            let kernel = Self.tau(try runSelector(LeverageSelector.self, data.input(), k: 0))
            let lambda = 1e-3 * 5.0 / 6.0
            let x = DoubleMatrix(data.candidates.rowNormalized())
            var g = DoubleMatrix(rows: 6, cols: 6)
            for r in 0..<5 { for a in 0..<6 { for b in 0..<6 { g[a, b] += x[r, a] * x[r, b] } } }
            for a in 0..<6 { g[a, a] += lambda }
            let l = try LAPACK.choleskyLower(g)
            for j in 0..<5 {
                var z = [Double](repeating: 0, count: 6), t = 0.0
                for a in 0..<6 {
                    var s = x[j, a]
                    for c in 0..<a { s -= l[a, c] * z[c] }
                    z[a] = s / l[a, a]
                    t += z[a] * z[a]
                }
                // The two solves round differently; G + λI has condition up to 1 + D / ridge = 6,001.
                #expect(abs(kernel[j] - t) <= 1e-7, "row \(j): kernel \(kernel[j]), gram \(t)")
            }
        }
    }

    @Test func sampleDraws_MatchTheSpecsTestVectors() {
        // coverage.md §3.2: seed 0 gives u = 0.8833108082136427, 0.4315279970485101, 0.026433771592597854.
        var g = SplitMix64(seed: 0)
        let u = (0..<3).map { _ in Double((g.next() >> 11) + 1) * 0x1p-53 }
        #expect(u == [0.8833108082136427, 0.4315279970485101, 0.026433771592597854])
    }

    static let badParameters: [(params: [String: JSONValue], name: String, code: SelectionError.Code)] = [
        (["mode": .string("best")], "mode", .invalidParameter),
        (["ridge": .double(0)], "ridge", .invalidParameter),
        (["ridge": .double(-1)], "ridge", .invalidParameter),
        (["ridge": .double(.infinity)], "ridge", .nonFiniteInput),
        (["groups": .string("each")], "groups", .unknownParameter),
    ]

    @Test(arguments: 0..<5)
    func badParameters_AreNamed(_ index: Int) {
        let (params, name, code) = Self.badParameters[index]
        let data = SyntheticInput(seed: 1, n: 10, m: 0, d: 3)
        let error = selectionError { _ = try runSelector(LeverageSelector.self, data.input(), k: 3, parameters: params) }
        #expect(error?.code == code)
        #expect(error?.parameter == name)
    }

    @Test func allZeroCandidates_AreDegenerate() {
        let data = SyntheticInput(seed: 1, n: 10, m: 0, d: 3)
        var zero = data
        zero.candidates = Matrix(rows: 10, cols: 3)
        let error = selectionError { _ = try runSelector(LeverageSelector.self, zero.input(), k: 3) }
        #expect(error?.code == .degenerateInput)
    }
}
