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

    /// Streams the checkpoint's candidates and adds `w * cos(z_i, T_c)` into `similarity` (N x C).
    static func accumulateCosines(
        _ checkpoint: SelectionCheckpoint, subspace: GISTSubspace, targets: DoubleMatrix, weight: Double,
        blockRows: Int, into similarity: inout [Double], control: SelectionControl
    ) throws {
        let basis = subspace.floatBasis
        let (d, r, groupCount) = (basis.rows, basis.cols, targets.rows)
        let n = checkpoint.candidates.rowCount
        var projected = [Float](repeating: 0, count: blockRows * r)
        var unitRows = [Double](repeating: 0, count: blockRows * r)
        var cosines = [Double](repeating: 0, count: blockRows * groupCount)
        let targetsByColumn = targets.transposed()
        try checkpoint.candidates.forEachBlock(maxRows: blockRows) { start, rows, values in
            try control.checkCancelled()
            guard values.allSatisfy({ $0.isFinite }) else {
                throw SelectionError(.nonFiniteInput, "candidates of checkpoint \(checkpoint.label) contain NaN or Inf", parameter: "candidates")
            }
            basis.values.withUnsafeBufferPointer { bp in
                projected.withUnsafeMutableBufferPointer { zp in
                    FixedOrderKernels.rowsTimesMatrix(values.baseAddress!, rows: rows, k: d, bp.baseAddress!, n: r, into: zp.baseAddress!)
                }
            }
            for row in 0..<rows {
                normalizeProjection(
                    gradient: values.baseAddress! + row * d, d: d, projected: projected, unit: &unitRows, row: row, r: r)
            }
            unitRows.withUnsafeBufferPointer { up in
                targetsByColumn.values.withUnsafeBufferPointer { tp in
                    cosines.withUnsafeMutableBufferPointer { cp in
                        for row in 0..<rows {
                            FixedOrderKernels.rowTimesMatrix(up.baseAddress! + row * r, k: r, tp.baseAddress!, n: groupCount, into: cp.baseAddress! + row * groupCount)
                        }
                    }
                }
            }
            for row in 0..<rows {
                let base = (start + row) * groupCount
                for c in 0..<groupCount { similarity[base + c] += weight * cosines[row * groupCount + c] }
            }
            control.progress("gist_scores", start + rows, n)
        }
    }

    /// Writes `z / max(‖z‖, 1e-12)` (float64) into row `row` of `unit`, or zeros when the
    /// projection is negligible against the gradient (gist.md §4).
    @inline(__always)
    static func normalizeProjection(
        gradient: UnsafePointer<Float>, d: Int, projected: [Float], unit: inout [Double], row: Int, r: Int
    ) {
        var g2 = 0.0
        for t in 0..<d { g2 += Double(gradient[t]) * Double(gradient[t]) }
        var z2 = 0.0
        for l in 0..<r { z2 += Double(projected[row * r + l]) * Double(projected[row * r + l]) }
        let (gNorm, zNorm) = (g2.squareRoot(), z2.squareRoot())
        let negligible = zNorm <= zeroProjectionRatio * gNorm
        let scale = max(zNorm, 1e-12)
        for l in 0..<r { unit[row * r + l] = negligible ? 0 : Double(projected[row * r + l]) / scale }
    }

    /// `max over valid c of S[i, c]` for every candidate.
    static func bestScores(_ similarity: [Double], groupCount: Int, valid: [Int], n: Int) -> [Double] {
        (0..<n).map { i in
            valid.reduce(-Double.infinity) { max($0, similarity[i * groupCount + $1]) }
        }
    }
}
