import JSON
import LinearAlgebra

/// LoRe (specs/exemplars.md §5.1): PCA of the query and its m candidates through the
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
        let n = c.count + 1, d = c.dim
        let frobenius = sumOfSquares(c.rows, from: sumOfSquares(c.query))
        let xc = centred(c)
        let gram = gramMatrix(xc, rows: n, cols: d)
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
            scores = centredQueryDots(xc, rows: n, cols: d)
            diagnostics.append(.init("lore", .object(["rank": .int(rank), "lossless": .bool(true)])))
        } else {
            let e = nComponents
            scores = truncatedScores(xc, rows: n, cols: d, lambdas: lambdas, vectors: w, components: e)
            let gap = (lambdas[e - 1] - lambdas[e]) / lambdas[0]
            diagnostics.append(.init("lore", .object(["rank": .int(rank), "lossless": .bool(false), "eigengap": .double(gap)])))
        }
        let positions = Array(Ranking.order(scores).prefix(k))
        return ExemplarReranking(positions: positions, scores: positions.map { scores[$0] }, diagnostics: diagnostics)
    }

    /// Σ v² in order; the sum over X = [q; c_0; ...; c_{m-1}] continues from the query's
    /// partial sum into the candidates' when the caller adds them in that order.
    static func sumOfSquares(_ x: [Double], from start: Double = 0) -> Double {
        var s = start
        for v in x { s += v * v }
        return s
    }

    /// X = [q; c_0; ...; c_{m-1}] minus its column means (the query is part of the mean), written
    /// straight from the candidates without stacking X first; sums run over rows in order.
    static func centred(_ c: ExemplarCandidates) -> [Double] {
        let n = c.count + 1, d = c.dim
        var mu = c.query
        for j in 0..<c.count {
            for t in 0..<d { mu[t] += c.rows[j * d + t] }
        }
        for t in 0..<d { mu[t] /= Double(n) }
        return [Double](unsafeUninitializedCapacity: n * d) { xc, filled in
            for t in 0..<d { xc[t] = c.query[t] - mu[t] }
            for j in 0..<c.count {
                for t in 0..<d { xc[(j + 1) * d + t] = c.rows[j * d + t] - mu[t] }
            }
            filled = n * d
        }
    }

    /// G = Xc Xc^T by BLAS dsyrk. G only feeds the eigensolve, whose outputs (the rank against
    /// a 1e-12 relative threshold, the truncated subspace) are not tie-breaking; every score is a
    /// sequential dot of centred rows, so identical rows still tie exactly. A sequential-dot
    /// Gram cost ~1 ms at m = 64, d = 384 (bench/README-exemplars.md), dsyrk a small fraction.
    static func gramMatrix(_ xc: [Double], rows n: Int, cols d: Int) -> DoubleMatrix {
        DoubleMatrix(rows: n, cols: d, values: xc).gramOfRows()
    }

    /// `s_j = <Xc[0], Xc[j+1]>` (the lossless scores, = G[0, j+1]) as sequential dots.
    static func centredQueryDots(_ xc: [Double], rows n: Int, cols d: Int) -> [Double] {
        xc.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return [] }
            return (1..<n).map { ExemplarDot.double(base, base + $0 * d, count: d) }
        }
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
    static func truncatedScores(
        _ xc: [Double], rows n: Int, cols d: Int, lambdas: [Double], vectors w: DoubleMatrix, components e: Int
    ) -> [Double] {
        var v = [Double](repeating: 0, count: e * d)
        for l in 0..<e {
            let scale = lambdas[l].squareRoot()
            for i in 0..<n {
                let wil = w.values[i * n + l]
                for t in 0..<d { v[l * d + t] += xc[i * d + t] * wil }
            }
            for t in 0..<d { v[l * d + t] /= scale }
        }
        var z = [Double](repeating: 0, count: n * e)
        xc.withUnsafeBufferPointer { xp in
            v.withUnsafeBufferPointer { vp in
                guard let xb = xp.baseAddress, let vb = vp.baseAddress else { return }
                for i in 0..<n {
                    for l in 0..<e { z[i * e + l] = ExemplarDot.double(xb + i * d, vb + l * d, count: d) }
                }
            }
        }
        return z.withUnsafeBufferPointer { zp in
            guard let zb = zp.baseAddress else { return [] }
            return (1..<n).map { ExemplarDot.double(zb, zb + $0 * e, count: e) }
        }
    }
}
