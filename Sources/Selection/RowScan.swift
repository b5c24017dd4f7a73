import LinearAlgebra

/// One read-only pass over a candidate row: its fingerprint (`RowFingerprint`), its squared norm
/// and whether every value is finite. The row is read from memory once here and once more by
/// its GEMM (`SimilarityTile` multiplies rows where they lie), instead of once per quantity plus
/// a normalised copy (measured by `bench/sel-core/rowpass.sh`).
///
/// The squares are summed in 8 fixed lanes (lane = column mod 8, combined in a fixed tree), so
/// the norm depends only on the row's values, never on where the row sits. Where the CPU has
/// AVX-512 VL + DQ the whole groups run in `RowScanKernel` (the same steps, so the same bits).
enum RowScan {
    /// Fingerprint and float32 squared norm (the similarity pass: row norms are float32, specs
    /// README §1), or nil when the row holds a NaN or Inf.
    static func float32(_ p: UnsafePointer<Float>, count d: Int) -> (fingerprint: RowFingerprint, squaredNorm: Float)? {
        float32(p, count: d, usesKernel: RowScanKernel.isSupported)
    }

    /// `float32` with the kernel or the portable loop (tests compare the two).
    static func float32(_ p: UnsafePointer<Float>, count d: Int, usesKernel: Bool) -> (fingerprint: RowFingerprint, squaredNorm: Float)? {
        let scanned = usesKernel
            ? kernelGroups(p, count: d, SIMD8<Float>(repeating: 0), RowScanKernel.float32)
            : groups(p, count: d, SIMD8<Float>(repeating: 0), { $0 += $1 * $1 })
        guard let (state, lanes, c) = scanned else { return nil }
        var sum = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]))
        for t in c..<d {
            guard p[t].isFinite else { return nil }
            sum += p[t] * p[t]
        }
        return (state.finish(tail: p + c, count: d - c, rowLength: d), sum)
    }

    /// Fingerprint and float64 squared norm (GIST's zero-projection test, gist.md §4), or nil
    /// when the row holds a NaN or Inf.
    static func float64(_ p: UnsafePointer<Float>, count d: Int) -> (fingerprint: RowFingerprint, squaredNorm: Double)? {
        float64(p, count: d, usesKernel: RowScanKernel.isSupported)
    }

    /// `float64` with the kernel or the portable loop (tests compare the two).
    static func float64(_ p: UnsafePointer<Float>, count d: Int, usesKernel: Bool) -> (fingerprint: RowFingerprint, squaredNorm: Double)? {
        let scanned = usesKernel
            ? kernelGroups(p, count: d, SIMD8<Double>(repeating: 0), RowScanKernel.float64)
            : groups(p, count: d, SIMD8<Double>(repeating: 0), { let w = SIMD8<Double>($1); $0 += w * w })
        guard let (state, lanes, c) = scanned else { return nil }
        var sum = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]))
        for t in c..<d {
            guard p[t].isFinite else { return nil }
            sum += Double(p[t]) * Double(p[t])
        }
        return (state.finish(tail: p + c, count: d - c, rowLength: d), sum)
    }

    /// The whole groups of 8 floats: fingerprint steps, `square(&lanes, v)` per group and the
    /// finiteness mask. Returns nil on a non-finite value, else the state, the lanes and the
    /// first column not covered.
    @inline(__always)
    private static func groups<Lanes>(
        _ p: UnsafePointer<Float>, count d: Int, _ start: Lanes, _ square: (inout Lanes, SIMD8<Float>) -> Void
    ) -> (RowFingerprint.State, Lanes, Int)? {
        var state = RowFingerprint.State()
        var lanes = start
        var finite = SIMDMask<SIMD8<Int32>>(repeating: true)
        let raw = UnsafeRawPointer(p)
        var c = 0
        // Groups alternate between the fingerprint's two chains (`RowFingerprint.State`); the
        // squares go to the same lanes in column order.
        var odd = false
        while c + 8 <= d {
            let v = raw.loadUnaligned(fromByteOffset: c * 4, as: SIMD8<Float>.self)
            if odd { state.absorbOdd(unsafeBitCast(v, to: SIMD4<UInt64>.self)) } else { state.absorb(unsafeBitCast(v, to: SIMD4<UInt64>.self)) }
            odd.toggle()
            square(&lanes, v)
            finite = finite .& (v .> -Float.infinity) .& (v .< Float.infinity)
            c += 8
        }
        guard all(finite) else { return nil }
        return (state, lanes, c)
    }

    /// `groups` in `RowScanKernel`: the same state, lanes and first uncovered column.
    @inline(__always)
    private static func kernelGroups<Lanes: SIMD>(
        _ p: UnsafePointer<Float>, count d: Int, _ start: Lanes,
        _ kernel: (UnsafePointer<Float>, Int, UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<Lanes.Scalar>) -> Bool
    ) -> (RowFingerprint.State, Lanes, Int)? {
        var state = RowFingerprint.State()
        // A homogeneous tuple is laid out contiguously: the kernel's a, b, c, d words in order.
        var words = (state.a, state.b, state.c, state.d)
        var lanes = start
        let whole = d / 8
        let finite = withUnsafeMutableBytes(of: &words) { w in
            withUnsafeMutablePointer(to: &lanes) { l in
                kernel(p, whole, w.baseAddress!.assumingMemoryBound(to: UInt64.self), UnsafeMutableRawPointer(l).assumingMemoryBound(to: Lanes.Scalar.self))
            }
        }
        guard finite else { return nil }
        (state.a, state.b, state.c, state.d) = words
        return (state, lanes, whole * 8)
    }
}
