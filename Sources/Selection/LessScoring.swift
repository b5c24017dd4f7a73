/// The LESS score of every candidate: the maximum over groups of the group mean of `S`
/// (sum over the group's targets in index order, then divide; float64).
enum LessScoring {
    /// Candidates per task: each candidate's score is its own column's, so any partition gives
    /// the same bits; this one keeps a task's sums in L2.
    static let columnsPerTask = 2048

    static func scores(_ s: SimilarityMatrix, groups: [[Int]], pool: WorkerPool, control: SelectionControl) throws -> [Double] {
        let n = s.candidateCount
        var best = [Double](repeating: -.infinity, count: n)
        let columns = WorkerPool.ranges(n, size: columnsPerTask)
        let progress = ProgressCounter(control, stage: "less", total: n)
        try s.values.withUnsafeBufferPointer { values in
            try best.withUnsafeMutableBufferPointer { out in
                let (v, b) = (values.baseAddress!, out.baseAddress!)
                try pool.forEach(columns.count) { task, _ in
                    try control.checkCancelled()
                    let range = columns[task]
                    var sum = [Double](repeating: 0, count: range.count)
                    blockScores(v + range.lowerBound, rowStride: n, groups: groups, sum: &sum, into: b + range.lowerBound)
                    progress.add(range.count)
                }
            }
        }
        return best
    }

    /// `scores` on S read in column blocks (a sharded run's reduce): each candidate's sums over the
    /// same targets in the same order, so the same bits.
    static func scores(columns s: any SimilarityColumns, groups: [[Int]]) throws -> [Double] {
        var best = [Double](repeating: -.infinity, count: s.candidateCount)
        try best.withUnsafeMutableBufferPointer { out in
            try s.forEachBlock(targets: Array(0..<s.targetCount)) { start, count, rows in
                // No targets, no values: every score stays -inf, as the sums of empty groups leave it.
                guard let values = rows.baseAddress, let best = out.baseAddress else { return }
                var sum = [Double](repeating: 0, count: count)
                blockScores(values, rowStride: count, groups: groups, sum: &sum, into: best + start)
            }
        }
        return best
    }

    /// The scores of `sum.count` consecutive candidates, raised into `best`: per group, the sum of
    /// its targets' values in index order (target `i`'s at `values + i * rowStride`), divided by
    /// its size. `sum` is the caller's scratch. Both the whole-S and the blocked pass use it, so
    /// they add the same numbers in the same order.
    @inline(__always)
    static func blockScores(
        _ values: UnsafePointer<Double>, rowStride: Int, groups: [[Int]], sum: inout [Double], into best: UnsafeMutablePointer<Double>
    ) {
        for members in groups {
            for j in sum.indices { sum[j] = 0 }
            for i in members {
                let row = values + i * rowStride
                for j in sum.indices { sum[j] += row[j] }
            }
            let size = Double(members.count)
            for j in sum.indices { best[j] = max(best[j], sum[j] / size) }
        }
    }
}
