extension FixedOrderKernels {
    /// Rows of `t` per pass over a tile of `b`, chosen so the tile (k-chunk x n floats) stays in L2.
    static let kChunk = 256

    /// `out[r, 0..<n] = Σ_t x[r, t] * b[t, 0..<n]` for `rows` rows (float32, row-major), with
    /// exactly the per-element operation sequence of `rowTimesMatrix` (start at 0, then one
    /// multiply and one add per t, t ascending, no fused multiply-add): identical rows get
    /// identical bits whether they go through the 4-row register tile or the 1-row tail.
    /// The tiling only reuses each loaded piece of `b` for four rows and keeps a tile of `b` hot.
    static func rowsTimesMatrix(_ x: UnsafePointer<Float>, rows: Int, k: Int, _ b: UnsafePointer<Float>, n: Int, into out: UnsafeMutablePointer<Float>) {
        out.update(repeating: 0, count: rows * n)
        var t0 = 0
        while t0 < k {
            let t1 = min(k, t0 + kChunk)
            var r = 0
            while r + 4 <= rows {
                fourRows(x + r * k, k: k, t0: t0, t1: t1, b, n: n, out + r * n)
                r += 4
            }
            while r < rows {
                oneRow(x + r * k, t0: t0, t1: t1, b, n: n, out + r * n)
                r += 1
            }
            t0 = t1
        }
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    static func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
    }

    static func fourRows(_ x: UnsafePointer<Float>, k: Int, t0: Int, t1: Int, _ b: UnsafePointer<Float>, n: Int, _ out: UnsafeMutablePointer<Float>) {
        let (x0, x1, x2, x3) = (x, x + k, x + 2 * k, x + 3 * k)
        let (o0, o1, o2, o3) = (out, out + n, out + 2 * n, out + 3 * n)
        var l = 0
        // 16 columns at a time: eight independent accumulator chains hide the add latency.
        while l + 16 <= n {
            var (a0, a1, a2, a3) = (load(o0 + l), load(o1 + l), load(o2 + l), load(o3 + l))
            var (c0, c1, c2, c3) = (load(o0 + l + 8), load(o1 + l + 8), load(o2 + l + 8), load(o3 + l + 8))
            for t in t0..<t1 {
                let v = load(b + t * n + l)
                let w = load(b + t * n + l + 8)
                let (s0, s1, s2, s3) = (SIMD8(repeating: x0[t]), SIMD8(repeating: x1[t]), SIMD8(repeating: x2[t]), SIMD8(repeating: x3[t]))
                a0 = a0 + s0 * v
                c0 = c0 + s0 * w
                a1 = a1 + s1 * v
                c1 = c1 + s1 * w
                a2 = a2 + s2 * v
                c2 = c2 + s2 * w
                a3 = a3 + s3 * v
                c3 = c3 + s3 * w
            }
            store(a0, o0 + l); store(a1, o1 + l); store(a2, o2 + l); store(a3, o3 + l)
            store(c0, o0 + l + 8); store(c1, o1 + l + 8); store(c2, o2 + l + 8); store(c3, o3 + l + 8)
            l += 16
        }
        while l + 8 <= n {
            var (a0, a1, a2, a3) = (load(o0 + l), load(o1 + l), load(o2 + l), load(o3 + l))
            for t in t0..<t1 {
                let v = load(b + t * n + l)
                a0 = a0 + SIMD8(repeating: x0[t]) * v
                a1 = a1 + SIMD8(repeating: x1[t]) * v
                a2 = a2 + SIMD8(repeating: x2[t]) * v
                a3 = a3 + SIMD8(repeating: x3[t]) * v
            }
            store(a0, o0 + l); store(a1, o1 + l); store(a2, o2 + l); store(a3, o3 + l)
            l += 8
        }
        if l < n {
            for t in t0..<t1 {
                let row = b + t * n
                for c in l..<n {
                    o0[c] = o0[c] + x0[t] * row[c]
                    o1[c] = o1[c] + x1[t] * row[c]
                    o2[c] = o2[c] + x2[t] * row[c]
                    o3[c] = o3[c] + x3[t] * row[c]
                }
            }
        }
    }

    static func oneRow(_ x: UnsafePointer<Float>, t0: Int, t1: Int, _ b: UnsafePointer<Float>, n: Int, _ out: UnsafeMutablePointer<Float>) {
        var l = 0
        while l + 8 <= n {
            var a = load(out + l)
            for t in t0..<t1 { a = a + SIMD8(repeating: x[t]) * load(b + t * n + l) }
            store(a, out + l)
            l += 8
        }
        if l < n {
            for t in t0..<t1 {
                let row = b + t * n
                for c in l..<n { out[c] = out[c] + x[t] * row[c] }
            }
        }
    }
}
