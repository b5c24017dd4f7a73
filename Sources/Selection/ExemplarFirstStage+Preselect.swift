import LinearAlgebra

extension ExemplarFirstStage {
    /// The top `m` of F (`allowed`) by the exact sequential ip, found with one sgemv over the whole pool and
    /// an exact re-score of every row the sgemv cannot rule out.
    ///
    /// Why it is exact: any float32 dot product of length d, in any summation order with or
    /// without FMA, is within `γ_d Σ|q_t p_t| <= γ_d ‖q‖ ‖p‖` of the real value
    /// (`γ_d = d u / (1 - d u)`, u = 2^-24), so sgemv (b) and the sequential loop (e) differ by at
    /// most `δ = 2 γ_d ‖q‖ maxRowNorm`. With τ the m-th largest b, m rows have e >= τ - δ, so
    /// every member of the exact top m (ties included) has e >= τ - δ and hence b >= τ - 2δ.
    /// Re-scoring exactly all rows with b >= τ - 2δ therefore yields the exact top m.
    /// The pool must be finite (`ExemplarPool` checked it).
    public static func preselected(
        m: Int, query: UnsafePointer<Float>, pool: UnsafePointer<Float>, rows poolRows: Int, dim d: Int,
        allowed: [Int], maxRowNorm: Double, control: SelectionControl = .none
    ) throws -> [(index: Int, ip: Float)]? {
        try control.checkCancelled()
        // Every partial sum, in any order, is bounded by ‖q‖ maxRowNorm (Cauchy-Schwarz); where
        // that could overflow float32 the error bound fails, so only the exact loop may decide.
        guard queryNorm(query, dim: d) * maxRowNorm < Double(Float.greatestFiniteMagnitude) / 2 else { return nil }
        var b = [Float](repeating: 0, count: poolRows)
        b.withUnsafeMutableBufferPointer { y in
            BLAS.sgemv(m: poolRows, n: d, a: pool, lda: d, x: query, y: y.baseAddress!)
        }
        try control.checkCancelled()
        let allowedScores = allowed.map { b[$0] }
        // A non-finite b (overflow) defeats the bound: `nil` sends the caller to the exact loop,
        // which reports it.
        guard allowedScores.allSatisfy(\.isFinite) else { return nil }
        let tau = mthLargest(allowedScores, m: m)
        let delta = errorBound(query: query, dim: d, maxRowNorm: maxRowNorm)
        let cut = Double(tau) - 2 * delta
        let rescored = allowed.indices.filter { Double(allowedScores[$0]) >= cut }.map { allowed[$0] }
        let ip = try innerProducts(query: query, pool: pool, dim: d, rows: rescored, control: control)
        return top(m: m, rows: rescored, innerProducts: ip)
    }

    /// `δ = 2 γ_d ‖q‖ maxRowNorm` with a 1% cushion for the float64 norms, plus d times the
    /// smallest normal float for products that fall into the subnormal range.
    static func errorBound(query: UnsafePointer<Float>, dim d: Int, maxRowNorm: Double) -> Double {
        let u = 0x1p-24
        let gamma = Double(d) * u / (1 - Double(d) * u)
        return 2 * gamma * queryNorm(query, dim: d) * maxRowNorm * 1.01 + Double(d) * Double(Float.leastNormalMagnitude)
    }

    static func queryNorm(_ query: UnsafePointer<Float>, dim d: Int) -> Double {
        var qq = 0.0
        for t in 0..<d { qq += Double(query[t]) * Double(query[t]) }
        return qq.squareRoot()
    }

    /// The m-th largest value (m >= 1, m <= count), by a bounded min-heap of size m.
    static func mthLargest(_ xs: [Float], m: Int) -> Float {
        let kept = top(m: m, rows: Array(xs.indices), innerProducts: xs)
        return kept.last?.ip ?? -.infinity
    }
}
