/// The greedy with rounds of coverage.md §2.2, in its lazy form (§2.3), over a candidate-major
/// copy of `S` (column `j` = the M similarities of candidate `j`, contiguous): the greedy re-reads
/// arbitrary columns, and a contiguous column is one cache stream instead of M strided loads.
///
/// Every gain goes through `gain(of:)`: targets in index order, one accumulator, recomputed from
/// the coverage levels. That formula is monotone in the levels in floating point too, so a
/// stale bound is never below the current gain and lazy evaluation picks exactly what the naive
/// greedy picks; identical columns get identical gains.
struct FacilityLocationGreedy {
    let targetCount: Int
    let candidateCount: Int
    /// N x M, candidate-major.
    let columns: [Double]
    /// `w_i = 1 / (G * |g(i)|)`, one per target.
    let weights: [Double]

    struct Picks: Equatable {
        var order: [Int] = []
        var scores: [Double] = []
        var rounds: [Int] = []
    }

    /// The marginal gain of candidate `j` at coverage levels `cur`.
    @inline(__always)
    func gain(of j: Int, cur: UnsafePointer<Double>, columns c: UnsafePointer<Double>, weights w: UnsafePointer<Double>) -> Double {
        let m = targetCount
        let column = c + j * m
        var g = 0.0
        for i in 0..<m {
            let v = column[i]
            if v > cur[i] { g = g + w[i] * (v - cur[i]) }
        }
        return g
    }

    /// The gain of every candidate at zero coverage, on the selection's threads (each value
    /// depends on its own column only).
    func initialGains(pool: WorkerPool) throws -> [Double] {
        let (m, n) = (targetCount, candidateCount)
        var g0 = [Double](repeating: 0, count: n)
        let zero = [Double](repeating: 0, count: m)
        let ranges = WorkerPool.ranges(n, size: 4096)
        try columns.withUnsafeBufferPointer { c in
            try weights.withUnsafeBufferPointer { w in
                try zero.withUnsafeBufferPointer { z in
                    try g0.withUnsafeMutableBufferPointer { out in
                        let (cb, wb, zb, ob) = (c.baseAddress!, w.baseAddress!, z.baseAddress!, out.baseAddress!)
                        try pool.forEach(ranges.count) { task, _ in
                            for j in ranges[task] { ob[j] = gain(of: j, cur: zb, columns: cb, weights: wb) }
                        }
                    }
                }
            }
        }
        return g0
    }

    /// The first `k` picks with their gains and rounds (-1 for the index-order fill).
    func run(k: Int, initialGains g0: [Double], control: SelectionControl) throws -> Picks {
        let (m, n) = (targetCount, candidateCount)
        var picks = Picks()
        guard k > 0 else { return picks }
        picks.order.reserveCapacity(k)
        var cur = [Double](repeating: 0, count: m)
        var stamp = [Int](repeating: 0, count: n)
        var selected = [Bool](repeating: false, count: n)
        var step = 0, round = 0, picksInRound = 0
        var heap = LazyGainHeap((0..<n).map { (g0[$0], $0) })
        try columns.withUnsafeBufferPointer { c in
            try weights.withUnsafeBufferPointer { w in
                let (cb, wb) = (c.baseAddress!, w.baseAddress!)
                while picks.order.count < k {
                    let (bound, j) = heap.top
                    if stamp[j] != step {
                        stamp[j] = step
                        heap.lowerTop(to: cur.withUnsafeBufferPointer { gain(of: j, cur: $0.baseAddress!, columns: cb, weights: wb) })
                    } else if bound > 0 {
                        heap.popTop()
                        selected[j] = true
                        picks.order.append(j)
                        picks.scores.append(bound)
                        picks.rounds.append(round)
                        let column = cb + j * m
                        for i in 0..<m where column[i] > cur[i] { cur[i] = column[i] }
                        picksInRound += 1
                        step += 1
                        if picks.order.count % 1024 == 0 {
                            try control.checkCancelled()
                            control.progress(FacilityLocationSelector.methodName, picks.order.count, k)
                        }
                    } else if picksInRound > 0 {
                        // Every target is covered at its best among the unpicked: a new round.
                        round += 1
                        picksInRound = 0
                        step += 1
                        for i in 0..<m { cur[i] = 0 }
                        var rest: [(bound: Double, index: Int)] = []
                        rest.reserveCapacity(n - picks.order.count)
                        for j in 0..<n where !selected[j] {
                            rest.append((g0[j], j))
                            stamp[j] = step
                        }
                        heap = LazyGainHeap(rest)
                    } else {
                        // No unpicked candidate has a positive similarity: the index-order fill.
                        for j in 0..<n where !selected[j] && picks.order.count < k {
                            picks.order.append(j)
                            picks.scores.append(0)
                            picks.rounds.append(-1)
                        }
                    }
                }
            }
        }
        control.progress(FacilityLocationSelector.methodName, picks.order.count, k)
        return picks
    }
}

extension FacilityLocationGreedy {
    /// The candidate-major copy of `s`, transposed in candidate ranges on the selection's threads.
    init(similarity s: SimilarityMatrix, weights: [Double], pool: WorkerPool) throws {
        let (m, n) = (s.targetCount, s.candidateCount)
        var columns = [Double](repeating: 0, count: m * n)
        let ranges = WorkerPool.ranges(n, size: 1024)
        try s.values.withUnsafeBufferPointer { src in
            try columns.withUnsafeMutableBufferPointer { dst in
                let (from, to) = (src.baseAddress!, dst.baseAddress!)
                try pool.forEach(ranges.count) { task, _ in
                    for j in ranges[task] {
                        for i in 0..<m { to[j * m + i] = from[i * n + j] }
                    }
                }
            }
        }
        self.init(targetCount: m, candidateCount: n, columns: columns, weights: weights)
    }
}
