extension SelectionCoverage {
    /// The figures of `selected` on S read in column blocks (a sharded run's reduce): the same
    /// maxima, visited in the same orders (targets ascending for a candidate, candidates ascending
    /// for a target) as `init(similarity:selected:)`, without holding S.
    init(columns s: any SimilarityColumns, selected: [Int]) throws {
        let (m, n) = (s.targetCount, s.candidateCount)
        var isChosen = [Bool](repeating: false, count: n)
        for j in selected where j >= 0 && j < n { isChosen[j] = true }
        var bestSelected = [Double?](repeating: nil, count: m)
        var nearest = [Int?](repeating: nil, count: m)
        var poolBest = [Double](repeating: -.infinity, count: m)
        var candidateBest = [Double](repeating: -.infinity, count: n)
        try s.forEachBlock(targets: Array(0..<m)) { start, count, rows in
            for i in 0..<m {
                for c in 0..<count {
                    let (j, v) = (start + c, rows[i * count + c])
                    if v > poolBest[i] { poolBest[i] = v }
                    if v > candidateBest[j] { candidateBest[j] = v }
                    if isChosen[j], bestSelected[i].map({ v > $0 }) ?? true {
                        bestSelected[i] = v
                        nearest[i] = j
                    }
                }
            }
        }
        self.init(bestSelected: bestSelected, nearestSelected: nearest, poolBest: m == 0 ? [] : poolBest,
                  candidateBest: m == 0 ? [] : candidateBest)
    }

    /// The figures as computed elsewhere (from blocks of S, or from merged top lists).
    init(bestSelected: [Double?], nearestSelected: [Int?], poolBest: [Double], candidateBest: [Double]) {
        self.bestSelected = bestSelected
        self.nearestSelected = nearestSelected
        self.poolBest = poolBest
        self.candidateBest = candidateBest
    }
}
