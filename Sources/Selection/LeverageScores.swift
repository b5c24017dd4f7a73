import LinearAlgebra

/// Ridge leverage scores `τ_j = x_j^T (G + λI)^{-1} x_j` of coverage.md §3.1, `G = X^T X`,
/// `λ = ridge * trace(G) / D`, by the route the spec makes mandatory: the D x D Gram matrix
/// and its Cholesky factor when `D <= N`, the N x N kernel and its eigenvectors when `D > N`.
///
/// τ is computed row by row (one forward substitution, 32 rows in vector lanes where the CPU has
/// them, each lane the same operations: `ForwardNorms`; or r dot products), never read off an
/// inverse's diagonal, so identical rows get bit-identical τ. Every parallel step writes
/// disjoint outputs whose values do not depend on which thread computed them.
struct LeverageScores {
    let tau: [Double]
    let lambda: Double

    /// Rows of one Gram-accumulation GEMM; the last tile is padded with zero rows, so every
    /// product has one shape whatever the source's block size (see `SimilarityTile`).
    static let tileRows = 256
    /// Columns of G per task of the accumulation (a fixed partition: the same GEMM shapes for
    /// any number of threads). Each task adds only rows at and below its panel's first column:
    /// the Cholesky (`dpotrf`, lower) reads G's lower triangle only, so half the products are
    /// never needed.
    static let panelColumns = 64

    static func compute(_ rows: LeverageRows, ridge: Double, pool: WorkerPool, control: SelectionControl) throws -> LeverageScores {
        rows.dim <= rows.candidateCount
            ? try gramRoute(rows, ridge: ridge, pool: pool, control: control)
            : try kernelRoute(rows, ridge: ridge, pool: pool, control: control)
    }

    static func degenerate() -> SelectionError {
        SelectionError(.degenerateInput, "every candidate row is zero: leverage scores are undefined", parameter: "candidates")
    }

    /// `λ = ridge * trace / D`, refusing an all-zero input.
    static func lambda(trace: Double, ridge: Double, dim: Int) throws -> Double {
        guard trace > 0 else { throw degenerate() }
        return ridge * trace / Double(dim)
    }

    // MARK: D <= N

    static func gramRoute(_ rows: LeverageRows, ridge: Double, pool: WorkerPool, control: SelectionControl) throws -> LeverageScores {
        let (d, n, cap) = (rows.dim, rows.candidateCount, tileRows)
        var g = [Double](repeating: 0, count: d * d)
        var tile = [Double](repeating: 0, count: cap * d)
        var filled = 0
        let panels = WorkerPool.ranges(d, size: panelColumns)
        func flush() throws {
            try tile.withUnsafeBufferPointer { t in
                try g.withUnsafeMutableBufferPointer { gb in
                    let (tp, gp) = (t.baseAddress!, gb.baseAddress!)
                    try pool.forEach(panels.count) { task, _ in
                        let c0 = panels[task].lowerBound
                        BLAS.dgemm(transposeA: true, m: d - c0, n: panels[task].count, k: cap, a: tp + c0, lda: d,
                                   b: tp + c0, ldb: d, beta: 1, c: gp + c0 * d + c0, ldc: d)
                    }
                }
            }
            for t in 0..<(cap * d) { tile[t] = 0 }
            filled = 0
        }
        var done = 0
        try rows.forEachBlock(pool: pool, control: control) { _, count, x in
            var r = 0
            while r < count {
                let take = min(cap - filled, count - r)
                tile.withUnsafeMutableBufferPointer { t in
                    (t.baseAddress! + filled * d).update(from: x + r * d, count: take * d)
                }
                filled += take
                r += take
                if filled == cap { try flush() }
            }
            done += count
            control.progress("gram", done, n)
        }
        if filled > 0 { try flush() }
        var trace = 0.0
        for a in 0..<d { trace = trace + g[a * d + a] }
        let lambda = try Self.lambda(trace: trace, ridge: ridge, dim: d)
        for a in 0..<d { g[a * d + a] = g[a * d + a] + lambda }
        let l: DoubleMatrix
        do {
            l = try LAPACK.choleskyLower(DoubleMatrix(rows: d, cols: d, values: g))
        } catch {
            throw SelectionError(.degenerateInput, "G + lambda I is not numerically positive definite (raise ridge)", parameter: "ridge")
        }
        var tau = [Double](repeating: 0, count: n)
        let scratchCount = ForwardNorms.scratchCount(d)
        var scratch = [Double](repeating: 0, count: pool.width * scratchCount)
        done = 0
        try l.values.withUnsafeBufferPointer { lb in
            try scratch.withUnsafeMutableBufferPointer { sb in
                try tau.withUnsafeMutableBufferPointer { tb in
                    let (lp, sp, tp) = (lb.baseAddress!, sb.baseAddress!, tb.baseAddress!)
                    try rows.forEachBlock(pool: pool, control: control) { start, count, x in
                        let ranges = WorkerPool.ranges(count, size: LeverageRows.rowsPerTask)
                        try pool.forEach(ranges.count) { task, worker in
                            let range = ranges[task]
                            ForwardNorms.many(lp, d: d, rows: x + range.lowerBound * d, count: range.count, into: tp + start + range.lowerBound,
                                              scratch: sp + worker * scratchCount)
                        }
                        done += count
                        control.progress("leverage", done, n)
                    }
                }
            }
        }
        return LeverageScores(tau: tau, lambda: lambda)
    }

    // MARK: D > N

    static func kernelRoute(_ rows: LeverageRows, ridge: Double, pool: WorkerPool, control: SelectionControl) throws -> LeverageScores {
        let (d, n) = (rows.dim, rows.candidateCount)
        var x = [Double](repeating: 0, count: n * d)
        try x.withUnsafeMutableBufferPointer { xb in
            let xp = xb.baseAddress!
            try rows.forEachBlock(pool: pool, control: control) { start, count, block in
                (xp + start * d).update(from: block, count: count * d)
                control.progress("kernel", start + count, n)
            }
        }
        var k = [Double](repeating: 0, count: n * n)
        x.withUnsafeBufferPointer { xb in
            k.withUnsafeMutableBufferPointer { kb in
                BLAS.dgemm(transposeB: true, m: n, n: n, k: d, a: xb.baseAddress!, lda: d, b: xb.baseAddress!, ldb: d,
                           c: kb.baseAddress!, ldc: n)
            }
        }
        var trace = 0.0
        for j in 0..<n { trace = trace + k[j * n + j] }
        let lambda = try Self.lambda(trace: trace, ridge: ridge, dim: d)
        let (values, vectors) = try LAPACK.symmetricEigen(DoubleMatrix(rows: n, cols: n, values: k))
        let cut = 1e-12 * (values.first ?? 0)
        let r = values.prefix { $0 > cut && $0 > 0 }.count
        // V^T (r x D): row k is X^T u_k / sqrt(s_k).
        var ut = [Double](repeating: 0, count: r * n)
        for kk in 0..<r {
            for j in 0..<n { ut[kk * n + j] = vectors.values[j * n + kk] }
        }
        var vt = [Double](repeating: 0, count: r * d)
        ut.withUnsafeBufferPointer { ub in
            x.withUnsafeBufferPointer { xb in
                vt.withUnsafeMutableBufferPointer { vb in
                    BLAS.dgemm(m: r, n: d, k: n, a: ub.baseAddress!, lda: n, b: xb.baseAddress!, ldb: d, c: vb.baseAddress!, ldc: d)
                }
            }
        }
        for kk in 0..<r {
            let scale = values[kk].squareRoot()
            for t in 0..<d { vt[kk * d + t] = vt[kk * d + t] / scale }
        }
        var tau = [Double](repeating: 0, count: n)
        let ranges = WorkerPool.ranges(n, size: LeverageRows.rowsPerTask)
        try x.withUnsafeBufferPointer { xb in
            try vt.withUnsafeBufferPointer { vb in
                try tau.withUnsafeMutableBufferPointer { tb in
                    let (xp, vp, tp) = (xb.baseAddress!, vb.baseAddress!, tb.baseAddress!)
                    try pool.forEach(ranges.count) { task, _ in
                        for j in ranges[task] {
                            let row = xp + j * d
                            var t = 0.0
                            for kk in 0..<r {
                                let v = vp + kk * d
                                var dot = 0.0
                                for c in 0..<d { dot = dot + v[c] * row[c] }
                                t = t + dot * dot / (values[kk] + lambda)
                            }
                            tp[j] = t
                        }
                    }
                }
            }
        }
        return LeverageScores(tau: tau, lambda: lambda)
    }
}
