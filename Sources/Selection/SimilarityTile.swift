import LinearAlgebra

/// A fixed-shape buffer of candidate rows (normalised for S, raw for GIST's projection),
/// multiplied by a left operand (the normalised targets, or GIST's transposed basis) once full.
///
/// Why fixed: OpenBLAS picks different micro-kernels for edge tiles and small shapes, so the same
/// candidate multiplied in a block of 7 rows and in a block of 4096 rows can differ in the last
/// bit. Every GEMM here has the same shape (`capacity` rows, a multiple of 64, padded with zero
/// rows), whatever the block size of the source, so a candidate's column of S depends only on its
/// values: duplicates tie exactly and streaming in any block size gives identical bits.
struct SimilarityTile {
    static let rowMultiple = 64
    static let maxRows = 1024

    let capacity: Int
    let dim: Int
    /// The first candidate index held in the buffer.
    private(set) var start = 0
    private(set) var filled = 0
    private var rows: [Float]

    /// The tile shape for `candidateCount` rows: at most `maxRows`, rounded up to `rowMultiple`.
    init(candidateCount: Int, dim: Int) {
        let rounded = (candidateCount + Self.rowMultiple - 1) / Self.rowMultiple * Self.rowMultiple
        capacity = max(Self.rowMultiple, min(Self.maxRows, rounded))
        self.dim = dim
        rows = [Float](repeating: 0, count: capacity * dim)
    }

    var isFull: Bool { filled == capacity }
    var isEmpty: Bool { filled == 0 }

    /// Copies one raw candidate row in, normalised in float32. Returns false when the row holds a
    /// NaN or Inf. One pass copies, checks and sums squares in 8 fixed lanes (lane = column mod 8,
    /// combined in a fixed tree), so the norm depends only on the row's values, never on where it
    /// sits; a sequential float loop here cost as much as half the GEMM at d = 8192.
    mutating func append(_ raw: UnsafeBufferPointer<Float>, row: Int) -> Bool {
        let base = filled * dim
        let d = dim
        let ok = rows.withUnsafeMutableBufferPointer { out -> Bool in
            guard let dst = out.baseAddress, let all = raw.baseAddress else { return true }
            return Self.copyNormalized(from: all + row * d, to: dst + base, count: d)
        }
        if ok { filled += 1 }
        return ok
    }

    /// Copies one raw candidate row in unchanged (GIST projects raw rows) and returns its squared
    /// norm in float64, or nil when the row holds a NaN or Inf. The squares are summed in 8 fixed
    /// float64 lanes (lane = column mod 8, fixed combining tree), so the norm depends only on the
    /// row's values.
    mutating func appendRaw(_ raw: UnsafeBufferPointer<Float>, row: Int) -> Double? {
        let base = filled * dim
        let d = dim
        let squaredNorm = rows.withUnsafeMutableBufferPointer { out -> Double? in
            guard let dst = out.baseAddress, let all = raw.baseAddress else { return 0 }
            return Self.copyMeasuring(from: all + row * d, to: dst + base, count: d)
        }
        if squaredNorm != nil { filled += 1 }
        return squaredNorm
    }

    static func copyMeasuring(from src: UnsafePointer<Float>, to dst: UnsafeMutablePointer<Float>, count d: Int) -> Double? {
        var lanes = SIMD8<Double>(repeating: 0)
        var finite = SIMDMask<SIMD8<Int32>>(repeating: true)
        var c = 0
        while c + 8 <= d {
            let v = UnsafeRawPointer(src + c).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(dst + c).storeBytes(of: v, as: SIMD8<Float>.self)
            let w = SIMD8<Double>(v)
            lanes += w * w
            finite = finite .& (v .> -Float.infinity) .& (v .< Float.infinity)
            c += 8
        }
        guard all(finite) else { return nil }
        var sum = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]))
        while c < d {
            let x = src[c]
            guard x.isFinite else { return nil }
            dst[c] = x
            sum += Double(x) * Double(x)
            c += 1
        }
        return sum
    }

    static func copyNormalized(from src: UnsafePointer<Float>, to dst: UnsafeMutablePointer<Float>, count d: Int) -> Bool {
        var lanes = SIMD8<Float>(repeating: 0)
        var finite = SIMDMask<SIMD8<Int32>>(repeating: true)
        var c = 0
        while c + 8 <= d {
            let v = UnsafeRawPointer(src + c).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(dst + c).storeBytes(of: v, as: SIMD8<Float>.self)
            lanes += v * v
            finite = finite .& (v .> -Float.infinity) .& (v .< Float.infinity)
            c += 8
        }
        guard all(finite) else { return false }
        var sum = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]))
        while c < d {
            let x = src[c]
            guard x.isFinite else { return false }
            dst[c] = x
            sum += x * x
            c += 1
        }
        let norm = max(sum.squareRoot(), RowNormalization.floor)
        for t in 0..<d { dst[t] = dst[t] / norm }
        return true
    }

    /// `product (M x capacity) = targets (M x d) * tile^T`, with the unused rows zeroed first so
    /// the call shape never changes.
    mutating func multiply(targets: Matrix, into product: inout [Float]) {
        let d = dim
        let cap = capacity
        let used = filled
        rows.withUnsafeMutableBufferPointer { buf in
            for x in (used * d)..<(cap * d) { buf[x] = 0 }
        }
        targets.values.withUnsafeBufferPointer { q in
            rows.withUnsafeBufferPointer { c in
                product.withUnsafeMutableBufferPointer { p in
                    guard let qa = q.baseAddress, let ca = c.baseAddress, let pa = p.baseAddress else { return }
                    BLAS.sgemm(transposeB: true, m: targets.rows, n: cap, k: d, a: qa, lda: d, b: ca, ldb: d, c: pa, ldc: cap)
                }
            }
        }
    }

    /// Empties the buffer; the next row appended is candidate `start + filled`.
    mutating func reset() {
        start += filled
        filled = 0
    }
}
