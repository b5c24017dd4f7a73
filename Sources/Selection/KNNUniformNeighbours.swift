/// Every query's `L'` nearest candidates by cosine distance `D = 1 - S` (ascending, then index),
/// with their distances: the input of the KNN-uniform stopping rule.
struct KNNUniformNeighbours {
    /// `lists[i]` holds query `i`'s neighbours, nearest first.
    let lists: [[Int]]
    /// `distances[i][r] = D[i, lists[i][r]]`.
    let distances: [[Double]]
    let length: Int

    /// One task per query on `pool`: each query's list depends only on its own row of `S`.
    static func compute(_ s: SimilarityMatrix, length: Int, pool: WorkerPool, control: SelectionControl) throws -> KNNUniformNeighbours {
        let n = s.candidateCount
        let progress = ProgressCounter(control, stage: KNNUniformSelector.methodName, total: s.targetCount)
        var scratch = [Double](repeating: 0, count: pool.width * n)
        let best = try scratch.withUnsafeMutableBufferPointer { slots in
            let slotBase = slots.baseAddress!
            return try s.values.withUnsafeBufferPointer { values in
                try pool.map(s.targetCount) { i, worker -> [(score: Double, index: Int)] in
                    try control.checkCancelled()
                    // Ranking by -D (exact negation) is (D asc, j asc); D itself is rounded, so two
                    // similarities may share a distance and must then tie by index.
                    let distance = slotBase + worker * n
                    for j in 0..<n { distance[j] = 1 - values[i * n + j] }
                    let best = RowRanking.best(UnsafeBufferPointer(start: distance, count: n), count: length, negated: true)
                    progress.add(1)
                    return best
                }
            }
        }
        return KNNUniformNeighbours(
            lists: best.map { $0.map(\.index) }, distances: best.map { $0.map { -$0.score } }, length: length)
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
