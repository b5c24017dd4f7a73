import LinearAlgebra

extension GISTSelector {
    /// The group targets of one checkpoint, unit length (C x r), and which have a direction.
    struct UnitTargets {
        var unit: DoubleMatrix
        var hasDirection: [Bool]
    }

    static func unitTargets(_ subspace: GISTSubspace, groups: [[Int]]) -> UnitTargets {
        var targets = subspace.groupTargets(groups)
        let r = targets.cols
        var hasDirection = [Bool](repeating: false, count: targets.rows)
        for c in 0..<targets.rows {
            var s = 0.0
            for l in 0..<r { s += targets.values[c * r + l] * targets.values[c * r + l] }
            let norm = s.squareRoot()
            hasDirection[c] = norm > zeroTargetRatio * subspace.sigmaMax
            for l in 0..<r { targets.values[c * r + l] = hasDirection[c] ? targets.values[c * r + l] / norm : 0 }
        }
        return UnitTargets(unit: targets, hasDirection: hasDirection)
    }

    /// Targets valid in every checkpoint that carries weight, ascending.
    static func validTargets(_ sets: [UnitTargets], weights: [Double], groupCount: Int) -> [Int] {
        (0..<groupCount).filter { c in
            zip(sets, weights).allSatisfy { set, w in w == 0 || set.hasDirection[c] }
        }
    }

    /// Rows of unit projections per float64 GEMM of the cosine pass.
    static let cosineChunkRows = 1024

    /// Adds `w * cos(z_i, T_c)` of one checkpoint into `similarity` (N x C): the unit projections
    /// times the unit targets (C x r) by float64 GEMM over chunks of rows fixed by global row index,
    /// one task per chunk on `pool` (each task writes only its own rows and their repeats). The GEMM
    /// may round rows differently by position, so a repeated row is skipped and gets its first
    /// occurrence's values added instead (the same operations on the same numbers).
    static func accumulateCosines(
        _ projection: GISTProjection, targets: DoubleMatrix, weight: Double, into similarity: inout [Double],
        pool: WorkerPool, control: SelectionControl
    ) throws {
        let (r, groupCount, n) = (projection.rank, targets.rows, projection.squaredNorms.count)
        let copies = projection.repeats.repeatsByFirst
        var isRepeat = [Bool](repeating: false, count: n)
        for (row, _) in projection.repeats.pairs { isRepeat[row] = true }
        let chunks = WorkerPool.ranges(n, size: cosineChunkRows)
        let chunk = chunks.first?.count ?? 1
        var unitSlots = [Double](repeating: 0, count: pool.width * chunk * r)
        var cosineSlots = [Double](repeating: 0, count: pool.width * chunk * groupCount)
        try similarity.withUnsafeMutableBufferPointer { out in
            try unitSlots.withUnsafeMutableBufferPointer { units in
                try cosineSlots.withUnsafeMutableBufferPointer { cosineBuffers in
                    let (sim, unitBase, cosineBase) = (out.baseAddress!, units.baseAddress!, cosineBuffers.baseAddress!)
                    try pool.forEach(chunks.count) { index, worker in
                        try control.checkCancelled()
                        let (start, rows) = (chunks[index].lowerBound, chunks[index].count)
                        let cosines = cosineBase + worker * chunk * groupCount
                        projection.values.withUnsafeBufferPointer { zs in
                            projection.squaredNorms.withUnsafeBufferPointer { norms in
                                chunkCosines(zs.baseAddress! + start * r, squaredNorms: norms.baseAddress! + start, rows: rows, targets: targets,
                                             unit: unitBase + worker * chunk * r, into: cosines)
                            }
                        }
                        for row in 0..<rows where !isRepeat[start + row] {
                            let j = start + row
                            addScaled(cosines + row * groupCount, weight: weight, into: sim + j * groupCount, width: groupCount)
                            for copy in copies.isEmpty ? [] : copies[j] ?? [] {
                                addScaled(cosines + row * groupCount, weight: weight, into: sim + copy * groupCount, width: groupCount)
                            }
                        }
                    }
                }
            }
        }
    }

    /// `similarity[c] += weight * cosines[c]` for every target `c` of one row.
    @inline(__always)
    static func addScaled(_ cosines: UnsafePointer<Double>, weight: Double, into similarity: UnsafeMutablePointer<Double>, width: Int) {
        for c in 0..<width { similarity[c] += weight * cosines[c] }
    }

    /// The cosines (rows x C, float64) of one chunk of `rows` projections `z` (rows x r float32)
    /// with the unit targets (C x r): each row normalised into `unit` (rows x r scratch), then one
    /// float64 GEMM. A chunk starts at a multiple of `cosineChunkRows` (global row index) and holds
    /// that many rows but at the pool's end, so its GEMM has the local pass's shape wherever it runs
    /// (`GISTShardCosines`).
    static func chunkCosines(
        _ z: UnsafePointer<Float>, squaredNorms: UnsafePointer<Double>, rows: Int, targets: DoubleMatrix,
        unit: UnsafeMutablePointer<Double>, into cosines: UnsafeMutablePointer<Double>
    ) {
        let (r, groupCount) = (targets.cols, targets.rows)
        for row in 0..<rows { normalizeProjection(z + row * r, squaredNorm: squaredNorms[row], rank: r, into: unit + row * r) }
        targets.values.withUnsafeBufferPointer { t in
            BLAS.dgemm(transposeB: true, m: rows, n: groupCount, k: r, a: unit, lda: r, b: t.baseAddress!, ldb: r, c: cosines, ldc: groupCount)
        }
    }

    /// Writes `z / max(‖z‖, 1e-12)` (float64) of one projection (r values) to `unit`, or zeros
    /// when the projection is negligible against the gradient, whose squared norm is
    /// `squaredNorm` (gist.md §4).
    @inline(__always)
    static func normalizeProjection(_ z: UnsafePointer<Float>, squaredNorm: Double, rank r: Int, into unit: UnsafeMutablePointer<Double>) {
        var z2 = 0.0
        for l in 0..<r { z2 += Double(z[l]) * Double(z[l]) }
        let (gNorm, zNorm) = (squaredNorm.squareRoot(), z2.squareRoot())
        let negligible = zNorm <= zeroProjectionRatio * gNorm
        let scale = max(zNorm, 1e-12)
        for l in 0..<r { unit[l] = negligible ? 0 : Double(z[l]) / scale }
    }

    /// `max over valid c of S[i, c]` for every candidate.
    static func bestScores(_ similarity: [Double], groupCount: Int, valid: [Int], n: Int) -> [Double] {
        (0..<n).map { i in
            valid.reduce(-Double.infinity) { max($0, similarity[i * groupCount + $1]) }
        }
    }
}
