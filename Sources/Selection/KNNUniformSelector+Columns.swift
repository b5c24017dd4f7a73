extension KNNUniformSelector: ColumnSelector {
    /// `select` on S read in column blocks: each target's `L'` nearest from per-block lists merged
    /// (`topLists(byDistance:)`, M x L' entries held), then the same stopping rule and counts.
    public static func select(columns s: any SimilarityColumns, budget: Budget?, parameters: Parameters, control: SelectionControl) throws -> SelectionResult {
        let knn = try KNNUniformParameters(parameters)
        let k = try SimilarityRequest.resolveBudget(budget, candidateCount: s.candidateCount)
        let length = try Self.initialListLength(budget: budget, parameters: parameters, targetCount: s.targetCount, candidateCount: s.candidateCount)
        let best = try s.topLists(targets: Array(0..<s.targetCount), length: length, byDistance: true)
        let neighbours = KNNUniformNeighbours(lists: best.map { $0.map(\.index) }, distances: best.map { $0.map { -$0.score } }, length: length)
        return ranked(neighbours, knn: knn, k: k, candidateCount: s.candidateCount)
    }
}
