import Foundation
import LinearAlgebra

/// Entropic unbalanced OT with a hard query marginal and a KL-relaxed candidate marginal
/// (selection.md §5), float64 throughout. Both mat-vecs are fixed-order loops, and the column sums
/// `t_j` walk the targets in index order for every column, so identical candidates get identical
/// masses. Each step runs on the selection's threads over a fixed partition (targets for `u`,
/// column ranges for `t` and `v`, element chunks for the kernel): every value is computed by one
/// task in the same order whatever the number of threads, so no result depends on it.
struct UOTSolver {
    enum Stop: String { case converged, maxIter = "max_iter", numericGuard = "numeric_guard" }

    struct Outcome {
        var mass: [Double]
        var iterations: Int
        var stop: Stop
    }

    let parameters: UOTParameters

    /// Turns `s` into the kernel in place (the caller passes a copy when it keeps S) and runs the scaling loop.
    func solve(_ s: inout SimilarityMatrix, pool: WorkerPool, control: SelectionControl) throws -> Outcome {
        let m = s.targetCount
        let n = s.candidateCount
        let (a, b) = (1.0 / Double(m), 1.0 / Double(n))
        try s.values.withUnsafeMutableBufferPointer { try Self.kernel($0, eps: parameters.eps, scale: (a, b), pool: pool) }
        let columns = WorkerPool.ranges(n, size: Self.columnsPerTask)
        return try s.values.withUnsafeBufferPointer { k in
            try scalingLoop(
                m: m, n: n, columns: columns, pool: pool, control: control,
                rowScaling: { v, u in try Self.rowScaling(k, v: v, m: m, n: n, a: a, into: &u, pool: pool) },
                columnSums: { u, t in try Self.columnSums(k, u: u, m: m, n: n, into: &t, columns: columns, pool: pool) })
        }
    }

    /// The scaling loop on a kernel the two closures read (the whole M x N, or its column blocks
    /// streamed from a scratch file: `UOTSolver+Columns`): `rowScaling(v, &u)` sets
    /// `u_i = a / Σ_j K[i, j] v_j` and `columnSums(u, &t)` sets `t_j = Σ_i K[i, j] u_i`.
    func scalingLoop(
        m: Int, n: Int, columns: [Range<Int>], pool: WorkerPool, control: SelectionControl,
        rowScaling: (_ v: [Double], _ u: inout [Double]) throws -> Void, columnSums: (_ u: [Double], _ t: inout [Double]) throws -> Void
    ) throws -> Outcome {
        let b = 1.0 / Double(n)
        let f = parameters.regM / (parameters.regM + parameters.eps)
        var u = [Double](repeating: 1, count: m)
        var v = [Double](repeating: 1, count: n)
        var t = [Double](repeating: 0, count: n)
        var stop = Stop.maxIter
        var iterations = parameters.maxIter
        for it in 1...parameters.maxIter {
            try control.checkCancelled()
            let uPrev = u
            let vPrev = v
            try rowScaling(v, &u)
            try columnSums(u, &t)
            let guardFired = try Self.columnScaling(t, b: b, f: f, into: &v, columns: columns, pool: pool)
            if guardFired || !Self.allFinite(u) || !Self.allFinite(v) {
                u = uPrev
                v = vPrev
                stop = .numericGuard
                iterations = it
                break
            }
            control.progress(UOTSelector.methodName, it, parameters.maxIter)
            let change = (Self.relativeChange(u, uPrev) + Self.relativeChange(v, vPrev)) / 2
            if change < parameters.tol {
                stop = .converged
                iterations = it
                break
            }
        }
        try columnSums(u, &t)
        return Outcome(mass: (0..<n).map { v[$0] * t[$0] }, iterations: iterations, stop: stop)
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

    /// `u_i = a / Σ_j K[i, j] v_j`, one task per target.
    static func rowScaling(
        _ k: UnsafeBufferPointer<Double>, v: [Double], m: Int, n: Int, a: Double, into u: inout [Double], pool: WorkerPool
    ) throws {
        try v.withUnsafeBufferPointer { v in
            try u.withUnsafeMutableBufferPointer { out in
                let uBase = out.baseAddress!
                try pool.forEach(m) { i, _ in
                    let base = i * n
                    // Four fixed partial sums: a per-target quantity, so any fixed order keeps the
                    // candidates' columns deterministic, and it breaks the add latency chain.
                    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                    var j = 0
                    while j + 4 <= n {
                        s0 += k[base + j] * v[j]
                        s1 += k[base + j + 1] * v[j + 1]
                        s2 += k[base + j + 2] * v[j + 2]
                        s3 += k[base + j + 3] * v[j + 3]
                        j += 4
                    }
                    var sum = (s0 + s1) + (s2 + s3)
                    while j < n {
                        sum += k[base + j] * v[j]
                        j += 1
                    }
                    uBase[i] = a / sum
                }
            }
        }
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
        var diff = 0.0, scale = 1.0
        for (a, b) in zip(x, prev) {
            diff = max(diff, abs(a - b))
            scale = max(scale, abs(a), abs(b))
        }
        return diff / scale
    }

    static func allFinite(_ x: [Double]) -> Bool { x.allSatisfy(\.isFinite) }
}
