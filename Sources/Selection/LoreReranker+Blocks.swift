extension LoreReranker {
    /// The most bytes of centred values held at once. A query may be as wide as a request body
    /// allows (tens of millions of dimensions), so X is never centred whole: that was (m + 1) x d
    /// doubles, four times the float32 query for each row it has. Up to this size (X of 65 rows
    /// up to d = 2,016, of 9 rows up to d = 14,563) the one block is all of Xc, as before.
    static let blockBytes = 1 << 20

    /// Columns per block for X of `rows` rows and `cols` columns.
    static func blockWidth(rows: Int, cols: Int) -> Int {
        max(1, min(cols, blockBytes / (MemoryLayout<Double>.size * max(1, rows))))
    }

    /// X = [q; c_0; ...; c_{m-1}] minus its column means (the query is part of the mean), one
    /// block of consecutive columns at a time, left to right: `body(width, xc)` gets the block as
    /// `(m + 1) x width` row-major float64. Each column's mean is summed over the rows in order
    /// from the float32 values widened exactly, so every value is the one a whole Xc would hold.
    static func forEachCentredBlock(_ c: ExemplarCandidates, _ body: (_ width: Int, _ xc: UnsafeBufferPointer<Double>) -> Void) {
        let n = c.count + 1, d = c.dim
        let blockWidth = blockWidth(rows: n, cols: d)
        var mu = [Double](repeating: 0, count: blockWidth)
        var xc = [Double](repeating: 0, count: n * blockWidth)
        c.queryValues.withUnsafeBufferPointer { q in
            c.rowValues.withUnsafeBufferPointer { rows in
                var first = 0
                while first < d {
                    let width = min(blockWidth, d - first)
                    for t in 0..<width { mu[t] = Double(q[first + t]) }
                    for j in 0..<c.count {
                        for t in 0..<width { mu[t] += Double(rows[j * d + first + t]) }
                    }
                    for t in 0..<width { mu[t] /= Double(n) }
                    for t in 0..<width { xc[t] = Double(q[first + t]) - mu[t] }
                    for j in 0..<c.count {
                        for t in 0..<width { xc[(j + 1) * width + t] = Double(rows[j * d + first + t]) - mu[t] }
                    }
                    xc.withUnsafeBufferPointer { body(width, UnsafeBufferPointer(rebasing: $0[0..<(n * width)])) }
                    first += width
                }
            }
        }
    }
}
