/// A principal-component projection of float32 rows, fitted in float64: the sample mean, the top
/// eigenvectors of the sample covariance `Xcᵀ Xc / (n - 1)` (numpy's `np.cov` divisor) and their
/// variances. Each component's sign is fixed so that its largest-|loading| entry is positive (the
/// first such entry on ties): eigenvectors are defined only up to sign, and a map must not flip
/// between two runs or two machines.
public struct PrincipalProjection: Sendable, Equatable {
    /// The sample mean, `dim` values.
    public let mean: [Double]
    /// `components x dim`, row `l` the `l`-th principal axis (unit length, sign fixed).
    public let axes: DoubleMatrix
    /// The variance along each axis (the covariance's eigenvalues), descending.
    public let variances: [Double]
    /// The covariance's trace: the variance the axes' share is measured against.
    public let totalVariance: Double

    public var dim: Int { mean.count }
    public var components: Int { axes.rows }

    /// Rows converted to centred float64 per block: the covariance is accumulated block by block
    /// (`dsyrk`, beta 1), so the float64 copy is one block, not the whole sample.
    public static let blockRows = 512

    /// Up to this width the covariance's eigenpairs come from `dsyevr` directly; above it from
    /// `BlockLanczos` (which falls back to `dsyevr` if it does not converge): the direct solver's
    /// tridiagonal reduction costs about as much as the covariance itself at d = 8,192.
    public static let directSolverMaxDim = 512

    /// Fits the projection on `count` rows of `dim` floats (row-major). Needs `count >= 1` and
    /// `1 <= components <= dim`. `directUpTo` is `directSolverMaxDim` but for tests.
    public static func fit(rows: UnsafeBufferPointer<Float>, count n: Int, dim d: Int, components: Int = 2,
                           directUpTo: Int = directSolverMaxDim) throws -> PrincipalProjection {
        guard n >= 1, d >= 1, components >= 1, components <= d, rows.count >= n * d else {
            throw LinearAlgebraError.shapeMismatch("PCA of \(components) components needs >= 1 row and dim >= \(components), got \(n)x\(d)")
        }
        let mean = columnMeans(rows, count: n, dim: d)
        var covariance = [Double](repeating: 0, count: d * d)
        let scale = 1 / Double(max(n - 1, 1))
        forEachCentredBlock(rows, count: n, mean: mean) { start, block, values in
            covariance.withUnsafeMutableBufferPointer { c in
                BLAS.dsyrk(transpose: true, n: d, k: block, alpha: scale, a: values.baseAddress!, lda: d,
                           beta: start == 0 ? 0 : 1, c: c.baseAddress!, ldc: d)
            }
        }
        let trace = (0..<d).reduce(0.0) { $0 + covariance[$1 * d + $1] }
        var (variances, axes) = try topEigenpairs(&covariance, dim: d, count: components, directUpTo: directUpTo)
        fixSigns(&axes)
        // A covariance is positive semi-definite; rounding may leave a tiny negative eigenvalue.
        variances = variances.map { max($0, 0) }
        return PrincipalProjection(mean: mean, axes: axes, variances: variances, totalVariance: trace)
    }

    /// The covariance's `count` largest eigenpairs (upper triangle in `covariance`, which the
    /// direct solver overwrites).
    static func topEigenpairs(_ covariance: inout [Double], dim d: Int, count: Int, directUpTo: Int) throws -> (values: [Double], vectors: DoubleMatrix) {
        if d > directUpTo,
           let found = try covariance.withUnsafeBufferPointer({ try BlockLanczos.largestEigenpairs($0, n: d, count: count) }) {
            return found
        }
        return try LAPACK.largestSymmetricEigen(&covariance, n: d, count: count)
    }

    /// `count x components` coordinates (row-major): `(row - mean) · axis` for each axis.
    public func project(rows: UnsafeBufferPointer<Float>, count n: Int) -> [Double] {
        precondition(rows.count >= n * dim, "project needs \(n)x\(dim) floats")
        var out = [Double](repeating: 0, count: n * components)
        let d = dim, k = components
        Self.forEachCentredBlock(rows, count: n, mean: mean) { start, block, values in
            axes.values.withUnsafeBufferPointer { v in
                out.withUnsafeMutableBufferPointer { o in
                    BLAS.dgemm(transposeB: true, m: block, n: k, k: d, a: values.baseAddress!, lda: d,
                               b: v.baseAddress!, ldb: d, c: o.baseAddress! + start * k, ldc: k)
                }
            }
        }
        return out
    }

    /// Column means in float64, summed in row order.
    static func columnMeans(_ rows: UnsafeBufferPointer<Float>, count n: Int, dim d: Int) -> [Double] {
        var sum = [Double](repeating: 0, count: d)
        for r in 0..<n {
            let base = r * d
            for j in 0..<d { sum[j] += Double(rows[base + j]) }
        }
        return sum.map { $0 / Double(n) }
    }

    /// `body(start, rows, values)` with `values` the centred float64 copy of rows `start..<start+rows`.
    static func forEachCentredBlock(_ rows: UnsafeBufferPointer<Float>, count n: Int, mean: [Double],
                                    _ body: (Int, Int, UnsafeBufferPointer<Double>) -> Void) {
        let d = mean.count
        var block = [Double](repeating: 0, count: min(blockRows, n) * d)
        var start = 0
        while start < n {
            let size = min(blockRows, n - start)
            for r in 0..<size {
                let source = (start + r) * d, target = r * d
                for j in 0..<d { block[target + j] = Double(rows[source + j]) - mean[j] }
            }
            block.withUnsafeBufferPointer { body(start, size, UnsafeBufferPointer(rebasing: $0[0..<(size * d)])) }
            start += size
        }
    }

    /// Makes each row's largest-|value| entry (the first of equal ones) positive.
    static func fixSigns(_ axes: inout DoubleMatrix) {
        let d = axes.cols
        for l in 0..<axes.rows {
            var best = 0
            for j in 1..<max(d, 1) where abs(axes.values[l * d + j]) > abs(axes.values[l * d + best]) { best = j }
            if axes.values[l * d + best] < 0 {
                for j in 0..<d { axes.values[l * d + j] = -axes.values[l * d + j] }
            }
        }
    }
}
