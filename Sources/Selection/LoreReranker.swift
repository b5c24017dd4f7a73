import JSON
import LinearAlgebra

/// LoRe (docs/methods/exemplars.md §5.1): PCA of the query and its m candidates through the
/// (m+1) x (m+1) Gram matrix of the centred rows; every score is a sequential float64 dot.
public enum LoreReranker: ExemplarRerankerMethod {
    public static let method = RerankerDescription(
        name: "lore", summary: "LoRe: the query's and candidates' principal components, nearest in that subspace",
        parameters: [
            MethodParameter(
                "n_components", .integer, default: .int(128), range: ">= 1",
                help: "Principal components kept; at least the rank is lossless."),
        ])

    public static func rerank(_ c: ExemplarCandidates, k: Int, options: ExemplarOptions, control: SelectionControl) throws -> ExemplarReranking {
        try rerank(c, k: k, nComponents: options.nComponents)
    }

    public static func rerank(_ c: ExemplarCandidates, k: Int, nComponents: Int) throws -> ExemplarReranking {
        let d = c.dim
        let frobenius = sumOfSquares(c)
        let gram = gramMatrix(c)
        // r <= min(m, d), so with n_components >= min(m, d) the result is lossless whatever r is,
        // and only the eigenvalues (for r) are needed.
        let surelyLossless = nComponents >= min(c.count, d)
        let (lambdas, w) = try eigen(gram, vectors: !surelyLossless)
        let threshold = 1e-12 * max(lambdas.first ?? 0, frobenius)
        let rank = lambdas.filter { $0 > threshold }.count
        var diagnostics: [JSONValue.Member] = []
        let scores: [Double]
        if rank == 0 {
            scores = [Double](repeating: 0, count: c.count)
            diagnostics.append(.init("lore", .object(["rank": .int(0), "lossless": .bool(true)])))
        } else if surelyLossless || nComponents >= rank {
            scores = centredQueryDots(c)
            diagnostics.append(.init("lore", .object(["rank": .int(rank), "lossless": .bool(true)])))
        } else {
            let e = nComponents
            scores = truncatedScores(c, lambdas: lambdas, vectors: w, components: e)
            let gap = (lambdas[e - 1] - lambdas[e]) / lambdas[0]
            diagnostics.append(.init("lore", .object(["rank": .int(rank), "lossless": .bool(false), "eigengap": .double(gap)])))
        }
        let positions = Array(Ranking.order(scores).prefix(k))
        return ExemplarReranking(positions: positions, scores: positions.map { scores[$0] }, diagnostics: diagnostics)
    }

    /// Σ v² over X = [q; c_0; ...; c_{m-1}] in that order, each value widened to float64.
    static func sumOfSquares(_ c: ExemplarCandidates) -> Double {
        var s = 0.0
        for v in c.queryValues { s += Double(v) * Double(v) }
        for v in c.rowValues { s += Double(v) * Double(v) }
        return s
    }

    /// G = Xc Xc^T by BLAS dsyrk, block by block (`forEachCentredBlock`), the blocks' Grams
    /// summed. G only feeds the eigensolve, whose outputs (the rank against a 1e-12 relative
    /// threshold, the truncated subspace) are not tie-breaking; every score is a sequential dot of
    /// centred rows, so identical rows still tie exactly. A sequential-dot Gram cost ~1 ms at
    /// m = 64, d = 384 (bench/README-exemplars.md), dsyrk a small fraction.
    static func gramMatrix(_ c: ExemplarCandidates) -> DoubleMatrix {
        let n = c.count + 1
        var gram: DoubleMatrix?
        forEachCentredBlock(c) { width, xc in
            let block = DoubleMatrix(rows: n, cols: width, values: Array(xc)).gramOfRows()
            guard var sum = gram else { gram = block; return }
            for i in sum.values.indices { sum.values[i] += block.values[i] }
            gram = sum
        }
        return gram ?? DoubleMatrix(rows: n, cols: n)
    }

    /// `s_j = <Xc[0], Xc[j+1]>` (the lossless scores, = G[0, j+1]) as sequential dots, carried
    /// from block to block.
    static func centredQueryDots(_ c: ExemplarCandidates) -> [Double] {
        let n = c.count + 1
        var s = [Double](repeating: 0, count: n - 1)
        forEachCentredBlock(c) { width, xc in
            guard let base = xc.baseAddress else { return }
            for j in 1..<n { s[j - 1] = ExemplarDot.double(base, base + j * width, count: width, from: s[j - 1]) }
        }
        return s
    }

    static func eigen(_ g: DoubleMatrix, vectors: Bool) throws -> (values: [Double], vectors: DoubleMatrix) {
        do {
            if vectors { return try LAPACK.symmetricEigen(g) }
            return (try LAPACK.symmetricEigenvalues(g), DoubleMatrix(rows: 0, cols: 0))
        } catch {
            throw SelectionError(.degenerateInput, "the LoRe eigensolve failed: \(error)", parameter: "pool")
        }
    }

    /// `s_j = <z_0, z_{j+1}>` with `z_i[l] = <Xc[i], v_l>`, `v_l = Xc^T W[:, l] / sqrt(λ_l)`:
    /// projections rather than `λ_l W[0,l] W[j+1,l]`, so identical rows keep identical scores.
    /// `v_l` is built one block of columns at a time and each `z_i[l]` sum carried across blocks.
    static func truncatedScores(_ c: ExemplarCandidates, lambdas: [Double], vectors w: DoubleMatrix, components e: Int) -> [Double] {
        let n = c.count + 1
        var z = [Double](repeating: 0, count: n * e)
        var v: [Double] = []
        forEachCentredBlock(c) { width, xc in
            if v.count != e * width { v = [Double](repeating: 0, count: e * width) }
            for l in 0..<e {
                let scale = lambdas[l].squareRoot()
                for t in 0..<width { v[l * width + t] = 0 }
                for i in 0..<n {
                    let wil = w.values[i * n + l]
                    for t in 0..<width { v[l * width + t] += xc[i * width + t] * wil }
                }
                for t in 0..<width { v[l * width + t] /= scale }
            }
            v.withUnsafeBufferPointer { vp in
                guard let xb = xc.baseAddress, let vb = vp.baseAddress else { return }
                for i in 0..<n {
                    for l in 0..<e { z[i * e + l] = ExemplarDot.double(xb + i * width, vb + l * width, count: width, from: z[i * e + l]) }
                }
            }
        }
        return z.withUnsafeBufferPointer { zp in
            guard let zb = zp.baseAddress else { return [] }
            return (1..<n).map { ExemplarDot.double(zb, zb + $0 * e, count: e) }
        }
    }
}
