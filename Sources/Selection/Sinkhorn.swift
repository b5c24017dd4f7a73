import Foundation

/// The geomloss-style ε-scaling Sinkhorn of tarot.md §4, implemented literally (a fixed number of
/// half-updates, no convergence test), so that costs and potentials match the reference to ~1e-9
/// and an identical input gives a bit-identical output.
///
/// The cost matrix is given through the inner products `<x_i, y_j>` of unit rows (float64), so the
/// caller can keep one N x M table and never rebuild per-pair dot products for every subset.
public struct Sinkhorn: Sendable {
    public static let blur = 0.01
    public static let scaling = 0.5

    public struct Output: Sendable, Equatable {
        public var cost: Double
        /// Potentials on `x` (length n).
        public var f: [Double]
        /// Potentials on `y` (length m).
        public var g: [Double]
    }

    /// `C[i, j] = sqrt(|2 - 2 <x_i, y_j>|)` (row-major n x m) and its transpose (m x n), so that
    /// both the row and the column log-sum-exps read contiguous memory.
    let n: Int
    let m: Int
    let cost: [Double]
    let costT: [Double]
    let diameter: Double

    /// `inner(i, j)` returns `<x_i, y_j>`; `diameter` is the bounding-box diagonal of both sets.
    /// With `pool`, the table is filled over a fixed partition of the rows (`inner` is then called
    /// from several threads at once and must only read).
    public init(n: Int, m: Int, diameter: Double, pool: WorkerPool? = nil, inner: (Int, Int) -> Double) {
        self.n = n
        self.m = m
        self.diameter = diameter == 0 ? Self.blur : diameter
        var c = [Double](repeating: 0, count: n * m)
        var ct = [Double](repeating: 0, count: n * m)
        c.withUnsafeMutableBufferPointer { cp in
            ct.withUnsafeMutableBufferPointer { ctp in
                Self.forEachRowRange(n, pool: pool) { rows, _ in
                    for i in rows {
                        for j in 0..<m {
                            let v = abs(2 - 2 * inner(i, j)).squareRoot()
                            cp[i * m + j] = v
                            ctp[j * n + i] = v
                        }
                    }
                }
            }
        }
        cost = c
        costT = ct
    }

    /// The ε values, first to last: `[diam^2] ++ exp(start + i*step) ++ [blur^2]` (p = 2).
    public static func epsilonSchedule(diameter: Double) -> [Double] {
        let start = 2 * log(diameter)
        let stop = 2 * log(blur)
        let step = 2 * log(scaling)
        let count = max(0, Int(((stop - start) / step).rounded(.up)))
        var eps = [diameter * diameter]
        for i in 0..<count { eps.append(exp(start + Double(i) * step)) }
        eps.append(pow(blur, 2))
        return eps
    }

    /// With `pool`, every half-update runs over a fixed partition of its rows; each row's
    /// log-sum-exp is computed exactly as on one thread, so the output is bit-identical for every
    /// pool width (and without one). Do not pass the pool whose step is calling this.
    public func run(pool: WorkerPool? = nil) -> Output {
        guard n > 0, m > 0 else { return Output(cost: 0, f: [Double](repeating: 0, count: n), g: [Double](repeating: 0, count: m)) }
        let alpha = [Double](repeating: -log(Double(n)), count: n)
        let beta = [Double](repeating: -log(Double(m)), count: m)
        let schedule = Self.epsilonSchedule(diameter: diameter)
        var scratch = [Double](repeating: 0, count: (pool?.width ?? 1) * max(n, m))
        var h = [Double](repeating: 0, count: max(n, m))
        func softmin(_ eps: Double, _ logWeights: [Double], _ shift: [Double]?, rowsOfX: Bool) -> [Double] {
            rowsOfX
                ? self.softmin(eps, potentials: logWeights, shift: shift, matrix: cost, rows: n, cols: m, scratch: &scratch, h: &h, pool: pool)
                : self.softmin(eps, potentials: logWeights, shift: shift, matrix: costT, rows: m, cols: n, scratch: &scratch, h: &h, pool: pool)
        }

        var g = softmin(schedule[0], alpha, nil, rowsOfX: false)
        var f = softmin(schedule[0], beta, nil, rowsOfX: true)
        for eps in schedule {
            let fNew = softmin(eps, beta, g, rowsOfX: true)
            let gNew = softmin(eps, alpha, f, rowsOfX: false)
            for i in 0..<n { f[i] = (f[i] + fNew[i]) / 2 }
            for j in 0..<m { g[j] = (g[j] + gNew[j]) / 2 }
        }
        let last = pow(Self.blur, 2)
        let fFinal = softmin(last, beta, g, rowsOfX: true)
        let gFinal = softmin(last, alpha, f, rowsOfX: false)
        var total = 0.0
        for v in fFinal { total += v / Double(n) }
        for v in gFinal { total += v / Double(m) }
        return Output(cost: total, f: fFinal, g: gFinal)
    }

    /// Rows per task of a parallel pass: a partition fixed by the row count alone.
    static let rowsPerTask = 32

    /// `body(rows, worker)` over `0..<count` cut into runs of `rowsPerTask`, on `pool` or inline.
    /// `body` does not throw, so neither does the step.
    static func forEachRowRange(_ count: Int, pool: WorkerPool?, _ body: (Range<Int>, Int) -> Void) {
        let ranges = WorkerPool.ranges(count, size: rowsPerTask)
        guard let pool, pool.width > 1 else {
            ranges.forEach { body($0, 0) }
            return
        }
        try? pool.forEach(ranges.count) { task, worker in body(ranges[task], worker) }
    }
}
