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
    /// The projection `z = g Vf` is one float32 sgemm per fixed-shape `SimilarityTile` (raw rows,
    /// zero-padded, candidates in the same operand as for S), so a candidate's projection depends
    /// only on its values whatever its block or position (specs README §1).
    static func accumulateCosines(
        _ checkpoint: SelectionCheckpoint, subspace: GISTSubspace, targets: DoubleMatrix, weight: Double,
        blockRows: Int, into similarity: inout [Double], control: SelectionControl
    ) throws {
        let basisByRow = subspace.floatBasis.transposed()
        let (d, r) = (basisByRow.cols, basisByRow.rows)
        let n = checkpoint.candidates.rowCount
        var tile = SimilarityTile(candidateCount: n, dim: d)
        var projection = TileProjection(rank: r, capacity: tile.capacity, targets: targets, weight: weight)
        try checkpoint.candidates.forEachBlock(maxRows: max(1, blockRows)) { start, rows, values in
            try control.checkCancelled()
            guard values.count == rows * d, start == tile.start + tile.filled else {
                throw SelectionError(.shapeMismatch, "candidate block at row \(start) holds \(values.count) values for \(rows) rows of d = \(d)", parameter: "candidates")
            }
            for row in 0..<rows {
                guard tile.appendRaw(values, row: row) else {
                    throw SelectionError(.nonFiniteInput, "candidates of checkpoint \(checkpoint.label) contain NaN or Inf", parameter: "candidates")
                }
                if tile.isFull { projection.flush(&tile, basisByRow: basisByRow, into: &similarity) }
            }
            control.progress("gist_scores", start + rows, n)
        }
        if !tile.isEmpty { projection.flush(&tile, basisByRow: basisByRow, into: &similarity) }
    }

    /// Writes `z / max(‖z‖, 1e-12)` (float64) into `unit`, or zeros when the projection is
    /// negligible against the gradient (gist.md §4); `g2` is the gradient's float64 squared norm.
    @inline(__always)
    static func normalizeProjection(g2: Double, projected: UnsafePointer<Float>, r: Int, into unit: UnsafeMutablePointer<Double>) {
        var z2 = 0.0
        for l in 0..<r { z2 += Double(projected[l]) * Double(projected[l]) }
        let (gNorm, zNorm) = (g2.squareRoot(), z2.squareRoot())
        let negligible = zNorm <= zeroProjectionRatio * gNorm
        let scale = max(zNorm, 1e-12)
        for l in 0..<r { unit[l] = negligible ? 0 : Double(projected[l]) / scale }
    }

    /// `max over valid c of S[i, c]` for every candidate.
    static func bestScores(_ similarity: [Double], groupCount: Int, valid: [Int], n: Int) -> [Double] {
        (0..<n).map { i in
            valid.reduce(-Double.infinity) { max($0, similarity[i * groupCount + $1]) }
        }
    }
}
