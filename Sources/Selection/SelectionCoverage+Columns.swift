extension SelectionCoverage {
    /// The figures of `selected` on S read in column blocks (a sharded run's reduce): the same
    /// maxima, visited in the same orders (targets ascending for a candidate, candidates ascending
    /// for a target) as `init(similarity:selected:)`, without holding S.
    init(columns s: any SimilarityColumns, selected: [Int]) throws {
        var figures = Accumulator(targets: s.targetCount, candidates: s.candidateCount, selected: selected)
        try s.forEachBlock(targets: Array(0..<s.targetCount)) { start, count, rows in figures.add(start: start, count: count, rows: rows) }
        self = figures.figures
    }

    /// The figures as computed elsewhere (from blocks of S, or from merged top lists).
    public init(bestSelected: [Double?], nearestSelected: [Int?], poolBest: [Double], candidateBest: [Double]) {
        self.bestSelected = bestSelected
        self.nearestSelected = nearestSelected
        self.poolBest = poolBest
        self.candidateBest = candidateBest
    }
}
