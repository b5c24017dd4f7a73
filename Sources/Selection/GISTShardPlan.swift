import LinearAlgebra

/// What GIST's map step needs of one checkpoint (gist.md §2-§3), computed once from the targets
/// before a sharded run's maps (`GISTSelector.shardPlans`): the float32 basis the candidates are
/// projected on and the unit group targets their projections are compared with. The reduce
/// computes the same subspace again from the same targets for its diagnostics and valid targets.
public struct GISTShardPlan: Sendable, Equatable {
    /// D x r, the float32 rounding of the subspace's basis (the right operand of the projection GEMM).
    public let basis: Matrix
    /// C x r, float64: each group target divided by its norm, zero for a target without direction.
    public let unitTargets: DoubleMatrix

    public init(basis: Matrix, unitTargets: DoubleMatrix) throws {
        guard basis.cols == unitTargets.cols, basis.cols > 0, unitTargets.rows > 0 else {
            throw SelectionError(.shapeMismatch, "a GIST plan of basis \(basis.rows) x \(basis.cols) and targets \(unitTargets.rows) x \(unitTargets.cols)", parameter: "targets")
        }
        self.basis = basis
        self.unitTargets = unitTargets
    }
}
