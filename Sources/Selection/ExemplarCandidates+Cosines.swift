extension ExemplarCandidates {
    /// The most bytes of normalised values held at once by `normalizedCosines`: a query may be as
    /// wide as a request body allows, and whole normalised float64 copies of it and of every
    /// candidate were (m + 1) x d x 8 bytes, twice the float32 rows for each of them.
    static let cosineBlockBytes = 1 << 20

    /// Whether whole normalised float64 copies of the query and the candidates fit in
    /// `cosineBlockBytes` (every ordinary width: 65 rows up to d = 2,016).
    var normalizedCopiesFit: Bool { (count + 1) * dim * MemoryLayout<Double>.size <= Self.cosineBlockBytes }

    /// The cosines of the normalised query and candidates, each vector normalised as
    /// `ExemplarDot.normalized` does (`x / max(‖x‖, 1e-12)`): `query[j] = <q̂, ĉ_j>` and
    /// `pairs[i * count + j] = <ĉ_i, ĉ_j>` (all i, j, the diagonal included). Each is one sequential
    /// float64 sum over t carried from block to block of columns, normalised block by block, so
    /// the bits are those of `ExemplarDot.double` over whole normalised copies (and `<a, b>` and
    /// `<b, a>` are the same products).
    func normalizedCosines(blockBytes: Int = cosineBlockBytes) -> (query: [Double], pairs: [Double]) {
        let m = count, d = dim
        var query = [Double](repeating: 0, count: m), pairs = [Double](repeating: 0, count: m * m)
        guard m > 0, d > 0 else { return (query, pairs) }
        queryValues.withUnsafeBufferPointer { qv in
            rowValues.withUnsafeBufferPointer { rv in
                guard let q = qv.baseAddress, let r = rv.baseAddress else { return }
                let queryScale = Self.normalizingScale(q, count: d)
                let rowScales = (0..<m).map { Self.normalizingScale(r + $0 * d, count: d) }
                let width = max(1, min(d, blockBytes / (MemoryLayout<Double>.size * (m + 1))))
                var qBlock = [Double](repeating: 0, count: width), rBlock = [Double](repeating: 0, count: m * width)
                var first = 0
                while first < d {
                    let w = min(width, d - first)
                    for t in 0..<w { qBlock[t] = Double(q[first + t]) / queryScale }
                    for j in 0..<m {
                        for t in 0..<w { rBlock[j * w + t] = Double(r[j * d + first + t]) / rowScales[j] }
                    }
                    qBlock.withUnsafeBufferPointer { qp in
                        rBlock.withUnsafeBufferPointer { rp in
                            let qb = qp.baseAddress!, rb = rp.baseAddress!
                            for j in 0..<m { query[j] = ExemplarDot.double(qb, rb + j * w, count: w, from: query[j]) }
                            for i in 0..<m {
                                for j in i..<m { pairs[i * m + j] = ExemplarDot.double(rb + i * w, rb + j * w, count: w, from: pairs[i * m + j]) }
                            }
                        }
                    }
                    first += w
                }
                for i in 0..<m {
                    for j in 0..<i { pairs[i * m + j] = pairs[j * m + i] }
                }
            }
        }
        return (query, pairs)
    }

    /// What `ExemplarDot.normalized` divides by: `max(‖x‖, 1e-12)`, the norm summed in float64 in order.
    static func normalizingScale(_ x: UnsafePointer<Float>, count: Int) -> Double {
        max(ExemplarDot.double(x, x, count: count).squareRoot(), 1e-12)
    }
}
