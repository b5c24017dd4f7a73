import LinearAlgebra
import JSON
import Selection
import Testing

/// Lore over an X wider than one block of centred values (`LoreReranker.blockBytes`, 1 MiB): the
/// scores are still the sequential float64 dots of the whole centred X, bit for bit.
@Suite struct LoreBlockTests {
    /// 5 rows x 40,000 columns of float64 is 1.6 MB: two blocks. Candidate 3 repeats candidate 1.
    static let dim = 40_000
    static let data: (query: [Float], rows: [Float]) = {
        var rng = SplitMix64(seed: 13)
        let query = (0..<dim).map { _ in Float.random(in: -1...1, using: &rng) }
        var rows = (0..<(3 * dim)).map { _ in Float.random(in: -1...1, using: &rng) }
        rows += rows[dim..<(2 * dim)]
        return (query, rows)
    }()

    /// The lossless scores as a whole centred X gives them: column means over the rows in
    /// order, then one sequential dot of the centred query with each centred candidate.
    static func wholeXcScores(query: [Float], rows: [Float], dim d: Int) -> [Double] {
        let xc = wholeXc(query: query, rows: rows, dim: d)
        return (1...(rows.count / d)).map { j in
            var s = 0.0
            for t in 0..<d { s += xc[t] * xc[j * d + t] }
            return s
        }
    }

    @Test func losslessScores_OverSeveralBlocks_AreTheWholeXcSequentialDots() throws {
        let (query, rows) = Self.data
        let c = ExemplarCandidates(dim: Self.dim, query: query, rows: rows, innerProducts: [0, 0, 0, 0])
        let result = try LoreReranker.rerank(c, k: 4, nComponents: 128)
        let expected = Self.wholeXcScores(query: query, rows: rows, dim: Self.dim)
        #expect(result.positions == Ranking.order(expected).map(Optional.some))
        #expect(result.scores == Ranking.order(expected).map { expected[$0] })
        let byPosition = Dictionary(uniqueKeysWithValues: zip(result.positions.compactMap { $0 }, result.scores ?? []))
        #expect(byPosition[1] == byPosition[3], "a repeated candidate keeps its score exactly")
    }

    /// The whole centred X, `(m + 1) x d` row-major, query first.
    static func wholeXc(query: [Float], rows: [Float], dim d: Int) -> [Double] {
        let m = rows.count / d, n = m + 1
        var mu = query.map(Double.init)
        for j in 0..<m {
            for t in 0..<d { mu[t] += Double(rows[j * d + t]) }
        }
        for t in 0..<d { mu[t] /= Double(n) }
        var xc = (0..<d).map { Double(query[$0]) - mu[$0] }
        for j in 0..<m { xc += (0..<d).map { Double(rows[j * d + $0]) - mu[$0] } }
        return xc
    }

    /// The truncated path reads the eigenvectors of a Gram summed over blocks: the subspace of one
    /// Gram of the whole X up to rounding, so the scores of the whole-X projection to 1e-9.
    @Test func truncatedScores_OverSeveralBlocks_MatchTheWholeXcProjection() throws {
        let (query, rows) = Self.data
        let d = Self.dim, n = 5, e = 2
        let c = ExemplarCandidates(dim: d, query: query, rows: rows, innerProducts: [0, 0, 0, 0])
        // Rank 3 (the repeat adds no direction) > 2 components: the truncated path.
        let result = try LoreReranker.rerank(c, k: 4, nComponents: e)
        let xc = Self.wholeXc(query: query, rows: rows, dim: d)
        let (lambdas, w) = try LAPACK.symmetricEigen(DoubleMatrix(rows: n, cols: d, values: xc).gramOfRows())
        var z = [Double](repeating: 0, count: n * e)
        for l in 0..<e {
            var v = [Double](repeating: 0, count: d)
            for i in 0..<n {
                for t in 0..<d { v[t] += xc[i * d + t] * w.values[i * n + l] }
            }
            for i in 0..<n {
                for t in 0..<d { z[i * e + l] += xc[i * d + t] * v[t] / lambdas[l].squareRoot() }
            }
        }
        let expected = (1..<n).map { j in (0..<e).reduce(0.0) { $0 + z[$1] * z[j * e + $1] } }
        let positions = result.positions.compactMap { $0 }
        #expect(positions.count == 4)
        for (p, score) in zip(positions, result.scores ?? []) {
            #expect(abs(score - expected[p]) <= 1e-9 * max(1, abs(expected[p])), "position \(p): \(score) vs \(expected[p])")
        }
        #expect(result.diagnostics.first { $0.key == "lore" }?.value["lossless"]?.boolValue == false)
    }
}
