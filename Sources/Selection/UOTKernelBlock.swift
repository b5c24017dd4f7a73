import Foundation

/// The kernel of uot's columns `columns` for every target (row-major, targets x columns), as one
/// party of the Sinkhorn rounds holds it: the local solver's whole kernel, or one Ray worker's
/// row range (`shortlist engine sinkhorn-block`). `columns` starts on a row block boundary
/// (`UOTSolver.rowBlockColumns`) and ends on one or at the last candidate, so its row sums are
/// whole blocks of the local solver's.
///
/// A round is self-contained: `round(uPrev:u:)` derives `vPrev` from `uPrev` and `v` from `u`
/// (`v = (b / Kᵀu)^f`, ones for a missing `u`), so a holder started afresh answers any round as
/// the one that answered every round before it; it only keeps the last `(u, t, v)` so that the
/// next round's `uPrev` costs no second pass.
public struct UOTKernelBlock {
    public let columns: Range<Int>
    let targetCount: Int
    let rowBlock: Int
    let b: Double
    let f: Double
    let pool: WorkerPool
    private var kernel: [Double]
    private var last: (u: [Double], t: [Double], v: [Double])?

    /// Takes `similarity` (S's columns `columns`, targets x columns) and turns it into the
    /// kernel in place (`UOTSolver.kernel`: each element from its own S, so the same values as
    /// the local solver's); `similarity` is left empty.
    public init(
        similarity: inout [Double], targets m: Int, columns: Range<Int>, candidateCount n: Int, parameters: UOTParameters,
        rowBlock: Int, pool: WorkerPool
    ) throws {
        guard similarity.count == m * columns.count, columns.lowerBound % rowBlock == 0,
              columns.upperBound == n || columns.upperBound % rowBlock == 0, columns.upperBound <= n else {
            throw SelectionError(.shapeMismatch, "uot's kernel columns \(columns.lowerBound)..<\(columns.upperBound) of \(n) do not lie on row blocks of \(rowBlock) or do not hold \(m) targets")
        }
        self.columns = columns
        targetCount = m
        self.rowBlock = rowBlock
        b = 1.0 / Double(n)
        f = parameters.regM / (parameters.regM + parameters.eps)
        self.pool = pool
        kernel = []
        swap(&kernel, &similarity)
        try kernel.withUnsafeMutableBufferPointer {
            try UOTSolver.kernel($0, eps: parameters.eps, scale: (1.0 / Double(m), b), pool: pool)
        }
    }

    /// One round: with `u`, `t = Kᵀu` and `v = (b / t)^f` of these columns checked and compared
    /// with `vPrev` (from `uPrev`, ones without), and the row block sums of `K v`; without `u`
    /// (the loop's start), only the row block sums of `K 1`.
    public mutating func round(uPrev: [Double]?, u: [Double]?) throws -> UOTRoundReply {
        let width = columns.count
        guard let u else {
            let ones = [Double](repeating: 1, count: width)
            return UOTRoundReply(guardFired: false, allFinite: true, diff: 0, scale: 1, blockCount: blockRanges.count, blockSums: try rowBlockSums(ones))
        }
        let vPrev = try uPrev.map { try scaled($0).v } ?? [Double](repeating: 1, count: width)
        let (t, v) = try scaled(u)
        let (diff, scale) = UOTSolver.changeParts(v, vPrev)
        return UOTRoundReply(
            guardFired: t.contains(0), allFinite: UOTSolver.allFinite(v), diff: diff, scale: scale, blockCount: blockRanges.count,
            blockSums: try rowBlockSums(v))
    }

    /// The columns' masses `v_j t_j` at the loop's end: `t = Kᵀu`, `v` from it, or ones when
    /// the guard stopped the first round.
    public mutating func masses(u: [Double], onesV: Bool) throws -> [Double] {
        let (t, v) = try scaled(u)
        return onesV ? t : zip(v, t).map { $0 * $1 }
    }

    /// `t = Kᵀu` and `v = (b / t)^f` of these columns; the last pair is kept.
    private mutating func scaled(_ u: [Double]) throws -> (t: [Double], v: [Double]) {
        if let last, last.u == u { return (last.t, last.v) }
        let width = columns.count
        let ranges = WorkerPool.ranges(width, size: UOTSolver.columnsPerTask)
        var t = [Double](repeating: 0, count: width)
        var v = [Double](repeating: 0, count: width)
        try kernel.withUnsafeBufferPointer { k in
            try UOTSolver.columnSums(k, u: u, m: targetCount, n: width, into: &t, columns: ranges, pool: pool)
        }
        _ = try UOTSolver.columnScaling(t, b: b, f: f, into: &v, columns: ranges, pool: pool)
        last = (u, t, v)
        return (t, v)
    }

    /// The row blocks of these columns, counted from `columns.lowerBound`.
    private var blockRanges: [Range<Int>] { WorkerPool.ranges(columns.count, size: rowBlock) }

    /// Per target, `Σ_j K[i, j] v_j` over each row block (targets x blocks).
    private func rowBlockSums(_ v: [Double]) throws -> [Double] {
        let blocks = blockRanges
        let width = columns.count
        var sums = [Double](repeating: 0, count: targetCount * blocks.count)
        try kernel.withUnsafeBufferPointer { k in
            try v.withUnsafeBufferPointer { v in
                try sums.withUnsafeMutableBufferPointer { out in
                    let base = out.baseAddress!
                    try pool.forEach(targetCount) { i, _ in
                        for (c, block) in blocks.enumerated() {
                            base[i * blocks.count + c] = UOTSolver.blockRowSum(
                                k.baseAddress! + i * width + block.lowerBound, v.baseAddress! + block.lowerBound, count: block.count)
                        }
                    }
                }
            }
        }
        return sums
    }
}
