import JSON

/// coverage.md §4: `coverage`, `relevance` and `nn_recall` of a returned selection against the
/// targets, on selection.md §2's similarity `S` (one yardstick for every method, whatever its
/// own scores). Unweighted and unclipped, whatever the method's groups.
public struct SelectionQuality: Sendable, Equatable {
    /// Mean over targets of the best selected similarity; nil when nothing was selected.
    public let coverage: Double?
    /// Mean over the picks, in order, of their best similarity to any target; nil when `k = 0`.
    public let relevance: Double?
    /// Share of targets whose pool best was picked (exact float64 equality; any tied best counts).
    public let nnRecall: Double

    public init(coverage: Double?, relevance: Double?, nnRecall: Double) {
        self.coverage = coverage
        self.relevance = relevance
        self.nnRecall = nnRecall
    }

    public static let diagnosticKey = "quality"
    /// The progress stage of the extra pass, so that a job's progress never goes back to `similarity`.
    public static let progressStage = "quality"

    /// The figures of `order` (the returned selection) on `s`; nil without targets (`M = 0`).
    public static func measure(_ s: SimilarityMatrix, order: [Int]) -> SelectionQuality? {
        guard s.targetCount > 0 else { return nil }
        return measure(SelectionCoverage(similarity: s, selected: order), order: order)
    }

    /// The figures of `order` on S read in column blocks (a sharded run's reduce that holds no
    /// M x N matrix): one more pass over the blocks; nil without targets.
    public static func measure(columns s: any SimilarityColumns, order: [Int]) throws -> SelectionQuality? {
        guard s.targetCount > 0 else { return nil }
        return measure(try s.coverage(selected: order), order: order)
    }

    /// The figures of `order` from its coverage figures (however they were computed).
    public static func measure(_ figures: SelectionCoverage, order: [Int]) -> SelectionQuality {
        var relevance = 0.0
        for j in order { relevance = relevance + figures.candidateBest[j] }
        return SelectionQuality(
            coverage: figures.coverage,
            relevance: order.isEmpty ? nil : relevance / Double(order.count),
            nnRecall: figures.nnRecall ?? 0)
    }

    /// The figures of `result.order`, on the S the method kept (`result.similarity`), else a
    /// sharded run's mapped S, else one more streamed pass over the candidates (the same S as
    /// `SimilarityMatrix.compute`, so `best_in_A` and `pool_best` are the same values and every
    /// figure is independent of threads and block size). Nil without targets, for a method on
    /// text without vectors, and for a sharded run that mapped no S (`random`).
    static func measure(_ result: SelectionResult, input: SelectionInput, control: SelectionControl) throws -> SelectionQuality? {
        if let s = result.similarity { return measure(s, order: result.order) }
        if let mapped = input.mapped {
            guard let s = mapped.similarity else { return nil }
            return measure(s, order: result.order)
        }
        guard input.targetCount > 0 else { return nil }
        let weights = try input.validate(requireTargets: false)
        var pass = control
        pass.progress = { _, done, total in control.progress(progressStage, done, total) }
        let s = try SimilarityMatrix.compute(input, weights: weights, pool: input.makePool(), control: pass)
        return measure(s, order: result.order)
    }

    public var json: JSONValue {
        .object([
            JSONValue.Member("coverage", coverage.map(JSONValue.double) ?? .null),
            JSONValue.Member("relevance", relevance.map(JSONValue.double) ?? .null),
            JSONValue.Member("nn_recall", .double(nnRecall)),
        ])
    }

    /// The diagnostics entry: the figures, or null when the selection had no targets.
    public static func diagnostic(_ quality: SelectionQuality?) -> JSONValue.Member {
        JSONValue.Member(diagnosticKey, quality?.json ?? .null)
    }
}
