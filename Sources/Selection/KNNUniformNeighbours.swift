/// Every query's `L'` nearest candidates by cosine distance `D = 1 - S` (ascending, then index),
/// with their distances: the input of the KNN-uniform stopping rule.
struct KNNUniformNeighbours {
    /// `lists[i]` holds query `i`'s neighbours, nearest first.
    let lists: [[Int]]
    /// `distances[i][r] = D[i, lists[i][r]]`.
    let distances: [[Double]]
    let length: Int

    static func compute(_ s: SimilarityMatrix, length: Int, control: SelectionControl) throws -> KNNUniformNeighbours {
        let n = s.candidateCount
        var lists: [[Int]] = []
        var distances: [[Double]] = []
        var distance = [Double](repeating: 0, count: n)
        for i in 0..<s.targetCount {
            try control.checkCancelled()
            // Ranking by -D (exact negation) is (D asc, j asc); D itself is rounded, so two
            // similarities may share a distance and must then tie by index.
            for j in 0..<n { distance[j] = 1 - s.values[i * n + j] }
            let best = distance.withUnsafeBufferPointer { RowRanking.best($0, count: length, negated: true) }
            lists.append(best.map(\.index))
            distances.append(best.map { -$0.score })
            control.progress(KNNUniformSelector.methodName, i + 1, s.targetCount)
        }
        return KNNUniformNeighbours(lists: lists, distances: distances, length: length)
    }

    /// The smallest `K` at which `(alpha / C) Σ_i Σ_{r<K} (d[i][K] - d[i][r]) >= (1 - alpha) M`,
    /// or `L'` when the rule never fires. Per-query prefix sums keep each step O(M).
    func stoppingK(alpha: Double, c: Double) -> Int {
        let m = distances.count
        let threshold = (1 - alpha) * Double(m)
        var prefix = [Double](repeating: 0, count: m)
        var k = 1
        while k < length {
            var gap = 0.0
            for i in 0..<m {
                prefix[i] += distances[i][k - 1]
                gap += Double(k) * distances[i][k] - prefix[i]
            }
            if !((alpha / c) * gap < threshold) { break }
            k += 1
        }
        return k
    }
}
