extension SelectionCoverage {
    /// The figures of `selected` over consecutive blocks of S's columns, added in column order
    /// (`add`), visiting each block as `init(similarity:selected:)` visits those columns.
    public struct Accumulator {
        let (m, n): (Int, Int)
        var isChosen: [Bool]
        var bestSelected: [Double?]
        var nearest: [Int?]
        var poolBest: [Double]
        var candidateBest: [Double]

        public init(targets m: Int, candidates n: Int, selected: [Int]) {
            (self.m, self.n) = (m, n)
            isChosen = [Bool](repeating: false, count: n)
            for j in selected where j >= 0 && j < n { isChosen[j] = true }
            bestSelected = [Double?](repeating: nil, count: m)
            nearest = [Int?](repeating: nil, count: m)
            poolBest = [Double](repeating: -.infinity, count: m)
            candidateBest = [Double](repeating: -.infinity, count: n)
        }

        /// Columns `start ..< start + count` (`rows`: targets x count).
        public mutating func add(start: Int, count: Int, rows: UnsafeBufferPointer<Double>) {
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

        public var figures: SelectionCoverage {
            SelectionCoverage(bestSelected: bestSelected, nearestSelected: nearest, poolBest: m == 0 ? [] : poolBest,
                              candidateBest: m == 0 ? [] : candidateBest)
        }
    }

    /// The figures of consecutive column ranges (each over its own columns, indices counted from
    /// its first) as one, merged in column order with the whole-matrix pass's tie rules: a later
    /// range replaces a target's best only when strictly larger.
    public static func merged(_ parts: [SelectionCoverage], firstColumns: [Int]) -> SelectionCoverage {
        guard let first = parts.first else { return SelectionCoverage(bestSelected: [], nearestSelected: [], poolBest: [], candidateBest: []) }
        var bestSelected = first.bestSelected
        var nearest = first.nearestSelected.map { $0.map { $0 + firstColumns[0] } }
        var poolBest = first.poolBest
        var candidateBest = first.candidateBest
        for (part, offset) in zip(parts.dropFirst(), firstColumns.dropFirst()) {
            for i in bestSelected.indices {
                if part.poolBest[i] > poolBest[i] { poolBest[i] = part.poolBest[i] }
                if let v = part.bestSelected[i], bestSelected[i].map({ v > $0 }) ?? true {
                    bestSelected[i] = v
                    nearest[i] = part.nearestSelected[i].map { $0 + offset }
                }
            }
            candidateBest += part.candidateBest
        }
        return SelectionCoverage(bestSelected: bestSelected, nearestSelected: nearest, poolBest: poolBest, candidateBest: candidateBest)
    }
}
