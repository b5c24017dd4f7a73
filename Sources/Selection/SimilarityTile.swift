import LinearAlgebra

/// Multiplies a left operand (M x d: the normalised targets for S, GIST's transposed basis) by
/// every candidate row, in GEMMs of one fixed shape: `capacity` candidate rows each (a multiple
/// of 64, at most 1024), the last one padded with zero rows.
///
/// Why fixed: OpenBLAS picks different micro-kernels for edge tiles and small shapes, so the same
/// candidate multiplied in a block of 7 rows and in a block of 4096 rows can differ in the last
/// bit. With one call shape per request, a candidate's products depend only on its values and
/// its position in its tile, and tiles always start at multiples of `capacity`, whatever the
/// block size of the source (position effects inside a tile are `RowRepeats`' business).
///
/// A tile lying wholly inside a source block is multiplied where it lies (no copy: the copy
/// plus a normalising pass cost as much as a third of the GEMM at d = 8192); tiles that straddle
/// blocks, and the padded last tile, are gathered into a buffer first. The GEMM packs its
/// operands, so both routes give the same bits (the block-size property tests check it).
struct SimilarityTile {
    static let rowMultiple = 64
    static let maxRows = 1024

    let capacity: Int
    let dim: Int
    /// The first candidate of the tile being gathered (a multiple of `capacity`).
    private(set) var start = 0
    private(set) var filled = 0
    /// Gathered rows; allocated on first use (whole-tile blocks never need it).
    private var gathered: [Float] = []
    /// `M x capacity`, the last tile's products.
    private var product: [Float]
    private let left: Matrix

    /// The tile shape for `candidateCount` rows: at most `maxRows`, rounded up to `rowMultiple`.
    init(candidateCount: Int, left: Matrix) {
        let rounded = (candidateCount + Self.rowMultiple - 1) / Self.rowMultiple * Self.rowMultiple
        capacity = max(Self.rowMultiple, min(Self.maxRows, rounded))
        dim = left.cols
        self.left = left
        product = [Float](repeating: 0, count: left.rows * capacity)
    }

    /// The candidate index the next fed row must have.
    var next: Int { start + filled }

    /// Feeds `count` consecutive candidate rows (the first is candidate `next`) and calls
    /// `body(tileStart, used, product)` for every tile completed; `product` is `M x capacity`
    /// row-major, its first `used` columns valid, readable only during the call.
    mutating func feed(_ raw: UnsafePointer<Float>, rows count: Int, _ body: (Int, Int, UnsafeBufferPointer<Float>) throws -> Void) rethrows {
        let d = dim
        var r = 0
        while r < count {
            if filled == 0, count - r >= capacity {
                multiply(raw + r * d)
                try emit(capacity, body)
                r += capacity
                continue
            }
            let take = min(capacity - filled, count - r)
            if gathered.isEmpty { gathered = [Float](repeating: 0, count: capacity * d) }
            gathered.withUnsafeMutableBufferPointer { g in
                (g.baseAddress! + filled * d).update(from: raw + r * d, count: take * d)
            }
            filled += take
            r += take
            if filled == capacity {
                gatheredMultiply()
                try emit(capacity, body)
            }
        }
    }

    /// Multiplies the partly gathered last tile (its unused rows zeroed, so the shape stays).
    mutating func finish(_ body: (Int, Int, UnsafeBufferPointer<Float>) throws -> Void) rethrows {
        guard filled > 0 else { return }
        let (d, used) = (dim, filled)
        gathered.withUnsafeMutableBufferPointer { g in
            (g.baseAddress! + used * d).update(repeating: 0, count: (capacity - used) * d)
        }
        gatheredMultiply()
        try emit(used, body)
    }

    private mutating func emit(_ used: Int, _ body: (Int, Int, UnsafeBufferPointer<Float>) throws -> Void) rethrows {
        try product.withUnsafeBufferPointer { try body(start, used, $0) }
        start += used
        filled = 0
    }

    private mutating func gatheredMultiply() {
        let g = gathered
        g.withUnsafeBufferPointer { multiply($0.baseAddress!) }
    }

    /// `product (M x capacity) = left (M x d) * rows^T` for `capacity` rows at `rows`.
    private mutating func multiply(_ rows: UnsafePointer<Float>) {
        let (d, cap, m) = (dim, capacity, left.rows)
        left.values.withUnsafeBufferPointer { q in
            product.withUnsafeMutableBufferPointer { p in
                guard let qa = q.baseAddress, let pa = p.baseAddress else { return }
                BLAS.sgemm(transposeB: true, m: m, n: cap, k: d, a: qa, lda: d, b: rows, ldb: d, c: pa, ldc: cap)
            }
        }
    }
}
