/// The LESS score of every candidate: the maximum over groups of the group mean of `S`
/// (sum over the group's targets in index order, then divide; float64).
enum LessScoring {
    static func scores(_ s: SimilarityMatrix, groups: [[Int]], control: SelectionControl) throws -> [Double] {
        let n = s.candidateCount
        var best = [Double](repeating: -.infinity, count: n)
        var sum = [Double](repeating: 0, count: n)
        try s.values.withUnsafeBufferPointer { values in
            for (g, members) in groups.enumerated() {
                try control.checkCancelled()
                for j in 0..<n { sum[j] = 0 }
                for i in members {
                    let base = i * n
                    for j in 0..<n { sum[j] += values[base + j] }
                }
                let size = Double(members.count)
                for j in 0..<n { best[j] = max(best[j], sum[j] / size) }
                control.progress("less", g + 1, groups.count)
            }
        }
        return best
    }
}
