/// The greedy with rounds of coverage.md §2.2, in its lazy form (§2.3), over a candidate-major
/// copy of `S` (column `j` = the M similarities of candidate `j`, contiguous): the greedy re-reads
/// arbitrary columns, and a contiguous column is one cache stream instead of M strided loads.
///
/// Every gain goes through `gain(of:)`: targets in index order, one accumulator, recomputed from
/// the coverage levels. That formula is monotone in the levels in floating point too, so a
/// stale bound is never below the current gain and lazy evaluation picks exactly what the naive
/// greedy picks; identical columns get identical gains. Cheaper upper bounds (an 8-bit copy, a
/// reassociated float64 sum) only decide which stale candidates can wait (`run`).
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

    /// A fast upper bound of `gain(of:)`: the same float64 terms summed in eight lanes (not the
    /// spec's order, so not the spec's value), times a margin for the reassociation. A sum of 0
    /// means every term is 0, hence the exact gain is 0 too.
    @inline(__always)
    func estimate(of j: Int, cur: UnsafePointer<Double>, columns c: UnsafePointer<Double>, weights w: UnsafePointer<Double>) -> Double {
        let m = targetCount
        let column = UnsafeRawPointer(c + j * m)
        let (rc, rw) = (UnsafeRawPointer(cur), UnsafeRawPointer(w))
        var (a0, a1) = (SIMD4<Double>(), SIMD4<Double>())
        var i = 0
        while i + 8 <= m {
            let (v0, v1) = (column.loadUnaligned(fromByteOffset: 8 * i, as: SIMD4<Double>.self), column.loadUnaligned(fromByteOffset: 8 * i + 32, as: SIMD4<Double>.self))
            let (c0, c1) = (rc.loadUnaligned(fromByteOffset: 8 * i, as: SIMD4<Double>.self), rc.loadUnaligned(fromByteOffset: 8 * i + 32, as: SIMD4<Double>.self))
            let (w0, w1) = (rw.loadUnaligned(fromByteOffset: 8 * i, as: SIMD4<Double>.self), rw.loadUnaligned(fromByteOffset: 8 * i + 32, as: SIMD4<Double>.self))
            a0 += (v0 - c0).replacing(with: 0, where: v0 .<= c0) * w0
            a1 += (v1 - c1).replacing(with: 0, where: v1 .<= c1) * w1
            i += 8
        }
        var g = (a0 + a1).sum()
        let vc = c + j * m
        while i < m {
            if vc[i] > cur[i] { g += w[i] * (vc[i] - cur[i]) }
            i += 1
        }
        return g
    }

    /// How far a candidate's bound has been checked at the current step (`checked[j] = step << 2 | level`).
    enum Level: Int {
        case stale = 0, byteBound = 1, estimate = 2, exact = 3
    }

    /// The first `k` picks with their gains and rounds (-1 for the index-order fill).
    ///
    /// §2.3 with cheaper re-evaluation: a stale top is first checked against the next entry with
    /// the 8-bit bound (`bounds`), then with the float64 estimate, and only a top that survives both
    /// gets its exact gain. Each check yields a valid upper bound of the exact gain at the current
    /// coverage (gains never increase within a round), so a candidate that drops below the next
    /// entry goes back into the heap with it; a pick still needs the exact gain on top. The picks,
    /// scores and rounds are therefore those of §2.2.
    func run(k: Int, initialGains g0: [Double], bounds: FacilityLocationBoundColumns?, control: SelectionControl) throws -> Picks {
        let (m, n) = (targetCount, candidateCount)
        var picks = Picks()
        guard k > 0 else { return picks }
        picks.order.reserveCapacity(k)
        var cur = [Double](repeating: 0, count: m)
        // Coverage levels rounded down and weights rounded up, in the 8-bit kernel's lane order.
        var levels = [Float](repeating: 0, count: bounds?.paddedCount ?? 0)
        let laneWeights = bounds?.laneWeights(weights) ?? []
        let estimateMargin = 1 + Double(m + 8) * 0x1p-51
        var checked = [Int](repeating: Level.exact.rawValue, count: n)
        var selected = [Bool](repeating: false, count: n)
        var step = 0, round = 0, picksInRound = 0
        var heap = LazyGainHeap((0..<n).map { (g0[$0], $0) })
        let storage = bounds?.storage ?? []
        var touched: UInt8 = 0
        try columns.withUnsafeBufferPointer { c in
            try weights.withUnsafeBufferPointer { w in
                try storage.withUnsafeBytes { q in
                    try laneWeights.withUnsafeBufferPointer { lw in
                        try cur.withUnsafeMutableBufferPointer { curBuffer in
                            try levels.withUnsafeMutableBufferPointer { levelBuffer in
                                let (cb, wb, cp) = (c.baseAddress!, w.baseAddress!, curBuffer.baseAddress!)
                                func mark(_ j: Int, _ level: Level) { checked[j] = step << 2 | level.rawValue }
                                while picks.order.count < k {
                                    let (bound, j) = heap.top
                                    let level = checked[j] >> 2 == step ? checked[j] & 3 : Level.stale.rawValue
                                    if level != Level.exact.rawValue {
                                        if level < Level.byteBound.rawValue, let bounds {
                                            if let next = heap.runnerUp { touched ^= bounds.touch(next, storage: q.baseAddress!) }
                                            let (sum, positive) = bounds.bound(of: j, storage: q.baseAddress!, levels: levelBuffer.baseAddress!, weights: lw.baseAddress!)
                                            if !positive {
                                                mark(j, .exact)
                                                heap.lowerTop(to: 0)
                                                continue
                                            }
                                            let upper = Double(sum) * bounds.margin + bounds.slack
                                            if !heap.staysOnTop(bound: upper, index: j) {
                                                mark(j, .byteBound)
                                                heap.lowerTop(to: min(upper, bound))
                                                continue
                                            }
                                        }
                                        if level < Level.estimate.rawValue {
                                            let e = estimate(of: j, cur: cp, columns: cb, weights: wb)
                                            if e == 0 {
                                                mark(j, .exact)
                                                heap.lowerTop(to: 0)
                                                continue
                                            }
                                            let upper = e * estimateMargin
                                            if !heap.staysOnTop(bound: upper, index: j) {
                                                mark(j, .estimate)
                                                heap.lowerTop(to: min(upper, bound))
                                                continue
                                            }
                                        }
                                        mark(j, .exact)
                                        heap.lowerTop(to: gain(of: j, cur: cp, columns: cb, weights: wb))
                                    } else if bound > 0 {
                                        heap.popTop()
                                        selected[j] = true
                                        picks.order.append(j)
                                        picks.scores.append(bound)
                                        picks.rounds.append(round)
                                        let column = cb + j * m
                                        for i in 0..<m where column[i] > cp[i] {
                                            cp[i] = column[i]
                                            if bounds != nil { levelBuffer[FacilityLocationBoundColumns.lane(i)] = FacilityLocationBoundColumns.roundedDown(column[i]) }
                                        }
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
                                        for i in 0..<m { cp[i] = 0 }
                                        for i in levelBuffer.indices { levelBuffer[i] = 0 }
                                        var rest: [(bound: Double, index: Int)] = []
                                        rest.reserveCapacity(n - picks.order.count)
                                        for j in 0..<n where !selected[j] {
                                            rest.append((g0[j], j))
                                            mark(j, .exact)
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
                    }
                }
            }
        }
        Self.keep(touched)
        control.progress(FacilityLocationSelector.methodName, picks.order.count, k)
        return picks
    }

    /// Consumes the touched bytes, so that the compiler keeps the loads that fetch the next column.
    @inline(never) @_optimize(none)
    static func keep(_ value: UInt8) {}
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
