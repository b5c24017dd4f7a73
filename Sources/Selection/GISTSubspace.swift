import LinearAlgebra

/// The task subspace of one checkpoint (gist.md §2): an orthonormal float64 basis of rank `r`
/// spanned by the top singular directions of the raw validation rows, and those rows projected.
struct GISTSubspace: Sendable {
    /// D x r, row-major, orthonormal columns.
    let basis: DoubleMatrix
    /// M x r: `t_j = (<h_j, v_1>, ..., <h_j, v_r>)`.
    let projectedTargets: DoubleMatrix
    let rank: Int
    let energyCaptured: Double
    /// The largest singular value, the scale of the "no direction" threshold.
    let sigmaMax: Double

    static let relativeRankCutoff = 1e-6

    init(targets: Matrix, maxRank: Int, energy: Double?, checkpoint: String) throws {
        let h = DoubleMatrix(targets)
        let (m, d) = (h.rows, h.cols)
        let gramRoute = m <= d
        let gram = gramRoute ? h.gramOfRows() : h.gramOfColumns()
        let eigen: (values: [Double], vectors: DoubleMatrix)
        do { eigen = try LAPACK.symmetricEigen(gram) } catch {
            throw SelectionError(.degenerateInput, "checkpoint \(checkpoint): validation eigensolve failed (\(error))", parameter: "targets")
        }
        let sigma = eigen.values.map { max($0, 0).squareRoot() }
        guard let s1 = sigma.first, s1 > 0 else {
            throw SelectionError(.degenerateInput, "checkpoint \(checkpoint): all validation gradients are zero", parameter: "targets")
        }
        let r = Self.chosenRank(sigma: sigma, maxRank: maxRank, m: m, energy: energy)
        let squares = sigma.map { $0 * $0 }
        let total = squares.reduce(0, +)
        let kept = squares[0..<r].reduce(0, +)

        var basis = DoubleMatrix(rows: d, cols: r)
        let vectorCount = eigen.vectors.cols
        if gramRoute {
            // v_l = H^T u_l / σ_l.
            var ur = DoubleMatrix(rows: m, cols: r)
            for j in 0..<m {
                for l in 0..<r { ur.values[j * r + l] = eigen.vectors.values[j * vectorCount + l] }
            }
            h.values.withUnsafeBufferPointer { hp in
                ur.values.withUnsafeBufferPointer { up in
                    basis.values.withUnsafeMutableBufferPointer { bp in
                        BLAS.dgemm(transposeA: true, m: d, n: r, k: m, a: hp.baseAddress!, lda: d,
                                   b: up.baseAddress!, ldb: r, c: bp.baseAddress!, ldc: r)
                    }
                }
            }
            for row in 0..<d {
                for l in 0..<r { basis.values[row * r + l] /= sigma[l] }
            }
        } else {
            for row in 0..<d {
                for l in 0..<r { basis.values[row * r + l] = eigen.vectors.values[row * vectorCount + l] }
            }
        }
        self.basis = basis
        self.projectedTargets = try h.multiplied(by: basis)
        self.rank = r
        self.energyCaptured = kept / total
        self.sigmaMax = s1
    }

    /// `r = max(1, min(rank, M, ρ, r_E))`.
    static func chosenRank(sigma: [Double], maxRank: Int, m: Int, energy: Double?) -> Int {
        let s1 = sigma[0]
        let numerical = sigma.filter { $0 > relativeRankCutoff * s1 }.count
        var r = min(maxRank, m, numerical)
        if let energy {
            let squares = sigma.map { $0 * $0 }
            let goal = energy * (1 - 1e-12) * squares.reduce(0, +)
            var cumulative = 0.0
            var rE = squares.count
            for (i, s) in squares.enumerated() {
                cumulative += s
                if cumulative >= goal { rE = i + 1; break }
            }
            r = min(r, rE)
        }
        return max(1, r)
    }

    /// The basis rounded to float32 (D x r), the right operand of the candidate GEMM.
    var floatBasis: Matrix {
        Matrix(rows: basis.rows, cols: basis.cols, values: basis.values.map { Float($0) })
    }

    /// The mean projected row of each group (gist.md §3).
    func groupTargets(_ groups: [[Int]]) -> DoubleMatrix {
        var out = DoubleMatrix(rows: groups.count, cols: rank)
        for (c, members) in groups.enumerated() {
            for j in members {
                for l in 0..<rank { out.values[c * rank + l] += projectedTargets.values[j * rank + l] }
            }
            let size = Double(members.count)
            for l in 0..<rank { out.values[c * rank + l] /= size }
        }
        return out
    }
}
