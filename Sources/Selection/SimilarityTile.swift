import LinearAlgebra

/// A fixed-shape buffer of normalised candidate rows, multiplied by the targets once full.
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

    /// Copies one raw candidate row in, normalised (float32 norm, sequential loop). Returns false
    /// when the row holds a NaN or Inf.
    mutating func append(_ raw: UnsafeBufferPointer<Float>, row: Int) -> Bool {
        let base = filled * dim
        let d = dim
        let ok = rows.withUnsafeMutableBufferPointer { out -> Bool in
            guard let dst = out.baseAddress else { return true }
            for c in 0..<d {
                let x = raw[row * d + c]
                guard x.isFinite else { return false }
                dst[base + c] = x
            }
            RowNormalization.normalize(dst + base, count: d)
            return true
        }
        if ok { filled += 1 }
        return ok
    }

    /// `product (M x capacity) = targets (M x d) * tile^T`, with the unused rows zeroed first so
    /// the call shape never changes. `targets` must already be normalised.
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
