import LinearAlgebra

/// One checkpoint (feature set) of a selection request (specs README §3).
public struct SelectionCheckpoint: Sendable {
    public var label: String
    public var weight: Double
    public var candidates: any RowBlockSource
    /// M x d target rows (inline or read whole: M is small).
    public var targets: Matrix

    public init(label: String = "default", weight: Double = 1, candidates: any RowBlockSource, targets: Matrix) {
        self.label = label
        self.weight = weight
        self.candidates = candidates
        self.targets = targets
    }
}

/// What every training-data selector receives: T >= 1 checkpoints, the block size with which
/// candidate rows are streamed and the number of threads that compute (`workers`); the result
/// never depends on either (`WorkerPool` says how).
public struct SelectionInput: Sendable {
    public var checkpoints: [SelectionCheckpoint]
    public var blockRows: Int
    /// Threads a selection computes on, the caller's included (>= 1).
    public var workers: Int
    /// The texts of a text-based method (`dsir`); nil for the vector methods.
    public var texts: SelectionTexts?
    /// Set by a sharded run's reduce: what the map steps computed instead of the streamed pass.
    public var mapped: MappedCandidates?

    public init(checkpoints: [SelectionCheckpoint], texts: SelectionTexts? = nil, blockRows: Int = 4096, workers: Int = 1) {
        self.checkpoints = checkpoints
        self.texts = texts
        self.blockRows = max(1, blockRows)
        self.workers = max(1, workers)
    }

    /// A text-based input with no vectors.
    public init(texts: SelectionTexts, blockRows: Int = 4096, workers: Int = 1) {
        self.init(checkpoints: [], texts: texts, blockRows: blockRows, workers: workers)
    }

    /// One checkpoint from in-memory matrices.
    public init(candidates: Matrix, targets: Matrix, blockRows: Int = 4096, workers: Int = 1) {
        self.init(
            checkpoints: [SelectionCheckpoint(candidates: MatrixRowSource(candidates), targets: targets)],
            blockRows: blockRows, workers: workers)
    }

    /// The threads of one selection: started here, stopped when the pool is released.
    func makePool() -> WorkerPool { WorkerPool(width: workers) }

    /// N, the number of candidates (same in every checkpoint once validated).
    public var candidateCount: Int { checkpoints.first?.candidates.rowCount ?? 0 }
    /// M, the number of targets.
    public var targetCount: Int { checkpoints.first?.targets.rows ?? 0 }

    /// Checks shapes, finiteness of targets and weights (README §3, §5) and returns the
    /// normalised weights `w_t / Σ w` in float64. `requireTargets: false` for `random`.
    public func validate(requireTargets: Bool = true) throws -> [Double] {
        guard let first = checkpoints.first else { throw SelectionError(.emptyInput, "no checkpoints", parameter: "checkpoints") }
        let n = first.candidates.rowCount
        let m = first.targets.rows
        guard n > 0 else { throw SelectionError(.emptyInput, "no candidates", parameter: "candidates") }
        if requireTargets { guard m > 0 else { throw SelectionError(.emptyInput, "no targets", parameter: "targets") } }
        for (t, cp) in checkpoints.enumerated() {
            guard cp.candidates.rowCount == n else {
                throw SelectionError(.shapeMismatch, "checkpoint \(cp.label) has \(cp.candidates.rowCount) candidates, checkpoint \(first.label) has \(n)", parameter: "candidates")
            }
            guard cp.targets.rows == m else {
                throw SelectionError(.shapeMismatch, "checkpoint \(cp.label) has \(cp.targets.rows) targets, checkpoint \(first.label) has \(m)", parameter: "targets")
            }
            guard cp.candidates.dim > 0 else { throw SelectionError(.emptyInput, "checkpoint \(cp.label) has dimension 0", parameter: "candidates") }
            if requireTargets || cp.targets.rows > 0 {
                guard cp.targets.cols == cp.candidates.dim else {
                    throw SelectionError(.shapeMismatch, "checkpoint \(cp.label): candidates have d = \(cp.candidates.dim), targets d = \(cp.targets.cols)", parameter: "targets")
                }
            }
            guard cp.targets.allFinite else { throw SelectionError(.nonFiniteInput, "targets of checkpoint \(cp.label) contain NaN or Inf", parameter: "targets") }
            guard cp.weight.isFinite else { throw SelectionError(.nonFiniteInput, "weight of checkpoint \(cp.label) is not finite", parameter: "checkpoint_weights") }
            guard cp.weight >= 0 else { throw SelectionError(.invalidParameter, "weight of checkpoint \(cp.label) is negative", parameter: "checkpoint_weights") }
            _ = t
        }
        let total = checkpoints.reduce(0.0) { $0 + $1.weight }
        guard total > 0 else { throw SelectionError(.invalidParameter, "checkpoint weights must have a positive sum", parameter: "checkpoint_weights") }
        return checkpoints.map { $0.weight / total }
    }
}
