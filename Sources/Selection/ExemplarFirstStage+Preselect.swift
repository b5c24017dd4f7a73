import LinearAlgebra

extension ExemplarFirstStage {
    /// The top `m` of F (`allowed`, `nil` for the whole pool) by the exact sequential ip, found
    /// with one sgemv over the whole pool and an exact re-score of every row the sgemv cannot rule out.
    ///
    /// Why it is exact: any float32 dot product of length d, in any summation order with or
    /// without FMA, is within `γ_d Σ|q_t p_t| <= γ_d ‖q‖ ‖p‖` of the real value
    /// (`γ_d = d u / (1 - d u)`, u = 2^-24), so sgemv (b) and the sequential loop (e) differ by at
    /// most `δ = 2 γ_d ‖q‖ maxRowNorm`. With τ the m-th largest b, m rows have e >= τ - δ, so
    /// every member of the exact top m (ties included) has e >= τ - δ and hence b >= τ - 2δ.
    /// Re-scoring exactly all rows with b >= τ - 2δ therefore yields the exact top m.
    /// The pool must be finite (`ExemplarPool` checked it).
    ///
    /// With `halfRows` (a binary16 copy of the pool) b comes from its products instead, which read
    /// half the bytes; the same argument holds with `δ_h` (`halfErrorBound`) for δ.
    ///
    /// Apart from the pre-scan output nothing here is proportional to N: with `allowed == nil`
    /// the scores are read in place, and only the few rows above the cut are collected.
    public static func preselected(
        m: Int, query: UnsafePointer<Float>, pool: UnsafePointer<Float>, rows poolRows: Int, dim d: Int,
        allowed: [Int]?, maxRowNorm: Double, halfRows: HalfPrecisionRows? = nil, control: SelectionControl = .none
    ) throws -> [(index: Int, ip: Float)]? {
        try control.checkCancelled()
        // Every partial sum, in any order, is bounded by ‖q‖ maxRowNorm (Cauchy-Schwarz, within
        // 0.1% for the binary16 copy); where that could overflow float32 the error bound fails,
        // so only the exact loop may decide.
        guard queryNorm(query, dim: d) * maxRowNorm < Double(Float.greatestFiniteMagnitude) / 4 else { return nil }
        // γ_d bounds the rounding only while d u < 1 (d < 2^24); past it γ_d turned negative, so
        // the cut rose above every row and a pool as wide as that came back empty.
        guard Double(d) * 0x1p-24 < 1 else { return nil }
        let half = halfRows.flatMap { $0.rows == poolRows && $0.cols == d ? $0 : nil }
        var b = [Float](repeating: 0, count: poolRows)
        b.withUnsafeMutableBufferPointer { y in
            if let half {
                half.products(query: query, into: y.baseAddress!)
            } else {
                BLAS.sgemv(m: poolRows, n: d, a: pool, lda: d, x: query, y: y.baseAddress!)
            }
        }
        try control.checkCancelled()
        let delta = half == nil
            ? errorBound(query: query, dim: d, maxRowNorm: maxRowNorm) : halfErrorBound(query: query, dim: d, maxRowNorm: maxRowNorm)
        let rescored = b.withUnsafeBufferPointer { scores -> [Int]? in
            // A non-finite b (overflow) defeats the bound: `nil` sends the caller to the exact
            // loop, which reports it.
            guard let tau = mthLargestFinite(scores, at: allowed, m: m) else { return nil }
            let cut = Double(tau) - 2 * delta
            return rowsAtOrAbove(cut, scores, at: allowed)
        }
        guard let rescored else { return nil }
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

    /// `δ_h`, the distance between a binary16 product `s` (`HalfPrecisionRows.products`) and the
    /// exact sequential ip `e` of the float32 row: with `h_t = p_t + ε_t`,
    /// `|ε_t| <= r |p_t| + a` (r = 2^-11, a = 2^-25),
    /// `|s - Σ q_t h_t| <= γ_d Σ |q_t h_t| <= γ_d ((1 + r) ‖q‖ M + a ‖q‖₁)`,
    /// `|Σ q_t ε_t| <= r ‖q‖ M + a ‖q‖₁` and `|Σ q_t p_t - e| <= γ_d ‖q‖ M`, so
    /// `|s - e| <= (2 γ_d + r (1 + γ_d)) ‖q‖ M + (1 + γ_d) a ‖q‖₁`; with the same cushions as
    /// `errorBound` (1% on the float64 norms, twice d times the smallest normal for underflow).
    static func halfErrorBound(query: UnsafePointer<Float>, dim d: Int, maxRowNorm: Double) -> Double {
        let u = 0x1p-24
        let gamma = Double(d) * u / (1 - Double(d) * u)
        let r = HalfPrecisionRows.relativeError, a = HalfPrecisionRows.absoluteError
        var l1 = 0.0
        for t in 0..<d { l1 += abs(Double(query[t])) }
        let relative = (2 * gamma + r * (1 + gamma)) * queryNorm(query, dim: d) * maxRowNorm
        return (relative + (1 + gamma) * a * l1) * 1.01 + 2 * Double(d) * Double(Float.leastNormalMagnitude)
    }

    static func queryNorm(_ query: UnsafePointer<Float>, dim d: Int) -> Double {
        var qq = 0.0
        for t in 0..<d { qq += Double(query[t]) * Double(query[t]) }
        return qq.squareRoot()
    }

    /// The m-th largest of `scores` at `rows` (all of them when `nil`; 1 <= m <= count), or `nil`
    /// when one of those scores is not finite.
    static func mthLargestFinite(_ scores: UnsafeBufferPointer<Float>, at rows: [Int]?, m: Int) -> Float? {
        var best = LargestValues(m: m)
        if let rows {
            for p in rows {
                guard scores[p].isFinite else { return nil }
                best.add(scores[p])
            }
        } else {
            for v in scores {
                guard v.isFinite else { return nil }
                best.add(v)
            }
        }
        return best.mth
    }

    /// The rows (of `rows`, or every index) whose score is at least `cut`, ascending.
    /// The cut is rounded down to a float, so a few more rows may be kept, never fewer.
    static func rowsAtOrAbove(_ cut: Double, _ scores: UnsafeBufferPointer<Float>, at rows: [Int]?) -> [Int] {
        let rounded = Float(cut)
        let floatCut = Double(rounded) > cut ? rounded.nextDown : rounded
        var kept: [Int] = []
        if let rows {
            for p in rows where scores[p] >= floatCut { kept.append(p) }
        } else {
            for p in scores.indices where scores[p] >= floatCut { kept.append(p) }
        }
        return kept
    }
}
