import Foundation
import LinearAlgebra

/// Entropic unbalanced OT with a hard query marginal and a KL-relaxed candidate marginal
/// (selection.md §5), float64 throughout. Both mat-vecs are fixed-order loops: the column sums
/// `t_j` walk the targets in index order for every column, so identical candidates get identical
/// masses, and the row sums add fixed row blocks of candidates in order (`rowBlockColumns`), so
/// a Ray job whose workers each hold some blocks gets the same bits. Each step runs on the selection's threads over a fixed partition (targets for `u`,
/// column ranges for `t` and `v`, element chunks for the kernel): every value is computed by one
/// task in the same order whatever the number of threads, so no result depends on it.
public struct UOTSolver {
    public enum Stop: String, Sendable { case converged, maxIter = "max_iter", numericGuard = "numeric_guard" }

    public struct Outcome: Sendable {
        public var mass: [Double]
        public var iterations: Int
        public var stop: Stop

        public init(mass: [Double], iterations: Int, stop: Stop) {
            self.mass = mass
            self.iterations = iterations
            self.stop = stop
        }
    }

    public let parameters: UOTParameters
    /// Columns per row block of the row sums; nil: `rowBlockColumns(candidateCount:)` (tests set
    /// small blocks).
    var rowBlock: Int?

    public init(parameters: UOTParameters) { self.parameters = parameters }

    init(parameters: UOTParameters, rowBlock: Int?) {
        self.parameters = parameters
        self.rowBlock = rowBlock
    }

    /// Columns per row block: each target's `Σ_j K[i, j] v_j` is summed block by block (four
    /// fixed partial sums inside a block, `blockRowSum`), and the block sums are added in block
    /// order. A function of N only, and a multiple of the similarity tiles (so of every shard
    /// cut), so that any split of the candidates on block boundaries (a Ray job's workers,
    /// `UOTKernelBlock`) sums every row in the same order as the local solver.
    public static func rowBlockColumns(candidateCount n: Int) -> Int { 16 * ShardCosines.tileRows(candidateCount: n) }

    func rowBlockColumns(candidateCount n: Int) -> Int { rowBlock ?? Self.rowBlockColumns(candidateCount: n) }

    /// Turns `s` into the kernel (taking its values: the caller passes a copy when it keeps S)
    /// and runs the scaling loop on it as one `UOTKernelBlock` of every column.
    func solve(_ s: inout SimilarityMatrix, pool: WorkerPool, control: SelectionControl) throws -> Outcome {
        let m = s.targetCount
        let n = s.candidateCount
        var block = try UOTKernelBlock(similarity: &s.values, targets: m, columns: 0..<n, candidateCount: n, parameters: parameters,
                                       rowBlock: rowBlockColumns(candidateCount: n), pool: pool)
        return try scalingLoop(m: m, n: n, control: control, round: { try block.round(uPrev: $0, u: $1) },
                               masses: { try block.masses(u: $0, onesV: $1) })
    }

    /// The scaling loop, the same rules wherever the kernel lives: `round(uPrev, u)` answers for
    /// every column (one `UOTKernelBlock`, or the merged replies of a Ray job's block
    /// processes, `shortlist engine sinkhorn`) with `v` derived from `u` and `vPrev` from `uPrev` (ones for nil;
    /// `round(nil, nil)` gives the row sums of `K 1` to start from); `masses(u, onesV)` gives
    /// `v_j t_j` at the end. Each iteration sets `u_i = a / Σ_j K[i, j] v_j` from the last
    /// reply's row sums, then asks for the round of the new `u`: a zero `t_j` or a non-finite
    /// `u` or `v` reverts both to the iteration before (`numeric_guard`), otherwise the mean of
    /// the two relative changes below `tol` stops it (`converged`), else `max_iter` does.
    public func scalingLoop(
        m: Int, n: Int, control: SelectionControl,
        round: (_ uPrev: [Double]?, _ u: [Double]?) throws -> UOTRoundReply, masses: (_ u: [Double], _ onesV: Bool) throws -> [Double]
    ) throws -> Outcome {
        let a = 1.0 / Double(m)
        var u = [Double](repeating: 1, count: m)
        var sums = try round(nil, nil).rowSums(targets: m)
        var stop = Stop.maxIter
        var iterations = parameters.maxIter
        var onesV = false
        for it in 1...parameters.maxIter {
            try control.checkCancelled()
            let uPrev = u
            u = sums.map { a / $0 }
            let reply = try round(it == 1 ? nil : uPrev, u)
            if reply.guardFired || !Self.allFinite(u) || !reply.allFinite {
                // Back to the iteration before: its u, and its v (ones before the first).
                u = uPrev
                onesV = it == 1
                stop = .numericGuard
                iterations = it
                break
            }
            control.progress(UOTSelector.methodName, it, parameters.maxIter)
            let change = (Self.relativeChange(u, uPrev) + reply.change) / 2
            if change < parameters.tol {
                stop = .converged
                iterations = it
                break
            }
            sums = reply.rowSums(targets: m)
        }
        let mass = try masses(u, onesV)
        guard mass.count == n else { throw SelectionError(.shapeMismatch, "uot's masses cover \(mass.count) of \(n) candidates") }
        return Outcome(mass: mass, iterations: iterations, stop: stop)
    }

    /// `kernelInPlace` over `k` in chunks on `pool`.
    static func kernel(_ k: UnsafeMutableBufferPointer<Double>, eps: Double, scale: (a: Double, b: Double), pool: WorkerPool) throws {
        let chunks = WorkerPool.ranges(k.count, size: kernelChunk * 16)
        try pool.forEach(chunks.count) { task, _ in
            kernelInPlace(UnsafeMutableBufferPointer(rebasing: k[chunks[task]]), eps: eps, scale: scale)
        }
    }

    /// Elements per chunk of the kernel pass: small enough to stay in L1/L2 between its three steps.
    static let kernelChunk = 2048

    /// `K = exp(-((1 - S) / 2) / eps) * a * b` in place, one cache-sized chunk at a time, so the
    /// M x N matrix is read and written once instead of once per step. VectorExp runs the same
    /// lane code for every element wherever a chunk boundary falls, so each element's value
    /// depends only on its own S.
    static func kernelInPlace(_ k: UnsafeMutableBufferPointer<Double>, eps: Double, scale: (a: Double, b: Double)) {
        var start = 0
        while start < k.count {
            let end = min(k.count, start + kernelChunk)
            for x in start..<end { k[x] = -((1 - k[x]) / 2) / eps }
            VectorExp.expInPlace(UnsafeMutableBufferPointer(rebasing: k[start..<end]))
            for x in start..<end { k[x] = k[x] * scale.a * scale.b }
            start = end
        }
    }

    /// Candidates per task of the column steps.
    static let columnsPerTask = 4096

    /// `Σ_c k[c] v[c]` over one row block: four fixed partial sums (column c to sum c mod 4,
    /// which breaks the add latency chain), combined as `(s0 + s1) + (s2 + s3)`, then the last
    /// `count mod 4` products in column order. A per-target quantity, so any fixed order keeps
    /// the candidates' columns deterministic; this one is the same wherever the block is held.
    @inline(__always)
    static func blockRowSum(_ k: UnsafePointer<Double>, _ v: UnsafePointer<Double>, count: Int) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var j = 0
        while j + 4 <= count {
            s0 += k[j] * v[j]
            s1 += k[j + 1] * v[j + 1]
            s2 += k[j + 2] * v[j + 2]
            s3 += k[j + 3] * v[j + 3]
            j += 4
        }
        var sum = (s0 + s1) + (s2 + s3)
        while j < count {
            sum += k[j] * v[j]
            j += 1
        }
        return sum
    }

    /// `t_j = Σ_i K[i, j] u_i`, summed in i order for every column, one task per column range.
    /// `k` holds `m` rows of `n` columns: the whole kernel, or one column block of it whose first
    /// column is column `firstColumn` of `t` (`columns` then count within the block).
    static func columnSums(
        _ k: UnsafeBufferPointer<Double>, u: [Double], m: Int, n: Int, firstColumn: Int = 0, into t: inout [Double],
        columns: [Range<Int>], pool: WorkerPool
    ) throws {
        try t.withUnsafeMutableBufferPointer { out in
            let tBase = out.baseAddress! + firstColumn
            try pool.forEach(columns.count) { task, _ in
                let range = columns[task]
                for j in range { tBase[j] = 0 }
                for i in 0..<m {
                    let (row, ui) = (k.baseAddress! + i * n, u[i])
                    for j in range { tBase[j] += row[j] * ui }
                }
            }
        }
    }

    /// `v_j = (b / t_j)^f`; true when some `t_j` is 0 (the numeric guard).
    static func columnScaling(
        _ t: [Double], b: Double, f: Double, into v: inout [Double], columns: [Range<Int>], pool: WorkerPool
    ) throws -> Bool {
        let zeros = try v.withUnsafeMutableBufferPointer { out in
            let vBase = out.baseAddress!
            return try pool.map(columns.count) { task, _ -> Bool in
                var zero = false
                for j in columns[task] {
                    if t[j] == 0 { zero = true }
                    vBase[j] = pow(b / t[j], f)
                }
                return zero
            }
        }
        return zeros.contains(true)
    }

    /// `max |x - prev| / max(max |x|, max |prev|, 1)`.
    static func relativeChange(_ x: [Double], _ prev: [Double]) -> Double {
        let (diff, scale) = changeParts(x, prev)
        return diff / scale
    }

    /// `max |x - prev|` and `max(max |x|, max |prev|, 1)`: maxima, so they merge exactly across column ranges.
    static func changeParts(_ x: [Double], _ prev: [Double]) -> (diff: Double, scale: Double) {
        var diff = 0.0, scale = 1.0
        for (a, b) in zip(x, prev) {
            diff = max(diff, abs(a - b))
            scale = max(scale, abs(a), abs(b))
        }
        return (diff, scale)
    }

    static func allFinite(_ x: [Double]) -> Bool { x.allSatisfy(\.isFinite) }
}
