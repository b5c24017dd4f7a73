/// How well a selection covers its targets, per target and per candidate, on one similarity
/// matrix `S` (M x N, selection.md §2's checkpoint-weighted cosine): the per-target figures
/// behind coverage.md §4's `coverage` and `nn_recall`, kept per target for a plot.
///
/// `bestSelected[i] = max_{j in A} S[i, j]` (nil when A is empty), `poolBest[i] = max_j S[i, j]`,
/// `nearestSelected[i]` the first j in A reaching `bestSelected[i]` (the lower index on ties),
/// `candidateBest[j] = max_i S[i, j]` (a candidate's relevance to the targets).
public struct SelectionCoverage: Sendable, Equatable {
    public let bestSelected: [Double?]
    public let nearestSelected: [Int?]
    public let poolBest: [Double]
    public let candidateBest: [Double]

    public init(similarity s: SimilarityMatrix, selected: [Int]) {
        let (m, n) = (s.targetCount, s.candidateCount)
        let chosen = Array(Set(selected.filter { $0 >= 0 && $0 < n })).sorted()
        var bestSelected = [Double?](repeating: nil, count: m)
        var nearest = [Int?](repeating: nil, count: m)
        var poolBest = [Double](repeating: -.infinity, count: m)
        var candidateBest = [Double](repeating: -.infinity, count: n)
        for i in 0..<m {
            let row = s.row(i)
            for (j, v) in zip(0..<n, row) {
                if v > poolBest[i] { poolBest[i] = v }
                if v > candidateBest[j] { candidateBest[j] = v }
            }
            for j in chosen where bestSelected[i].map({ row[row.startIndex + j] > $0 }) ?? true {
                bestSelected[i] = row[row.startIndex + j]
                nearest[i] = j
            }
        }
        self.bestSelected = bestSelected
        self.nearestSelected = nearest
        self.poolBest = m == 0 ? [] : poolBest
        self.candidateBest = m == 0 ? [] : candidateBest
    }

    /// The mean of `bestSelected` over targets (coverage.md §4 `coverage`); nil without a selection or targets.
    public var coverage: Double? {
        guard !bestSelected.isEmpty, bestSelected.allSatisfy({ $0 != nil }) else { return nil }
        return bestSelected.reduce(0.0) { $0 + $1! } / Double(bestSelected.count)
    }

    /// The share of targets whose pool best was selected (exact float64 equality; coverage.md §4 `nn_recall`).
    public var nnRecall: Double? {
        guard !poolBest.isEmpty else { return nil }
        let hits = zip(bestSelected, poolBest).filter { $0.0 == $0.1 }.count
        return Double(hits) / Double(poolBest.count)
    }

    /// Up to `count` targets, the least covered first (lowest `bestSelected`, then lower index).
    public func leastCovered(_ count: Int) -> [Int] {
        let order = bestSelected.indices.sorted { a, b in
            let (x, y) = (bestSelected[a] ?? -.infinity, bestSelected[b] ?? -.infinity)
            return x != y ? x < y : a < b
        }
        return Array(order.prefix(max(count, 0)))
    }
}
