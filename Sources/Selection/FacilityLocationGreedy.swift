import LinearAlgebra

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

    /// `gain(of:)` at zero coverage without its branch: a term `w_i * max(v, 0)` that is 0 adds
    /// +0 or -0 to a sum that starts at +0, which leaves the sum's bits unchanged, so the value is
    /// `gain(of:)`'s bit for bit (whether a value is positive is a coin toss the branch predictor
    /// loses on half the targets).
    @inline(__always)
    func gainAtZero(of j: Int, columns c: UnsafePointer<Double>, weights w: UnsafePointer<Double>) -> Double {
        let column = c + j * targetCount
        var g = 0.0
        for i in 0..<targetCount {
            let v = column[i]
            g = g + w[i] * (v > 0 ? v : 0)
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

    /// How the re-evaluations are batched (`run`). No setting changes a pick, a score or a round:
    /// they only decide how many bounds are computed and in which bands.
    struct Sweep {
        /// The first band's floor, as a fraction of the gain extrapolated from the last two picks
        /// of the round (`g * g / g_previous`; after a round's first pick, `firstPickFactor * g`).
        var guessMargin = 0.98
        var firstPickFactor = 0.7
        /// Each further band's floor, as a fraction of the band above it.
        var bandFactor = 0.85
        /// The candidates swept are those with bounds down to this fraction of the band's floor
        /// when the list was last rebuilt (rebuilt when a band goes below it).
        var listFactor = 0.75
        /// How many candidates ahead of the bound computation their 8-bit columns are prefetched.
        var prefetchDistance = 8
        /// A band with at least this many stale candidates has their bounds computed on the pool's
        /// threads, in chunks of `parallelChunk` (smaller bands are not worth waking the helpers).
        var parallelMinimum = 4096
        var parallelChunk = 1024
    }

    /// The first `k` picks with their gains and rounds (-1 for the index-order fill).
    ///
    /// §2.3's lazy rule, with the re-evaluations swept in bands instead of one heap top at a time.
    /// Every unpicked candidate keeps an upper bound of its gain at the current coverage (stale
    /// bounds stay valid: gains never increase within a round). A step sets a floor `tau` just
    /// below the gain it expects; every candidate whose bound reaches `tau` gets a fresh 8-bit
    /// bound (`bounds`), in candidate order with its column prefetched (the stale tops of the heap
    /// form would each wait on memory in turn), and joins a small heap if that bound still reaches
    /// `tau`. In the heap, the lazy rule refines the top (reassociated float64 estimate, then the
    /// exact gain of §2.1) until an exact gain is on top: if it is at least `tau`, every candidate
    /// outside the heap lies strictly below it, so it is §2.2's pick (ties: lower index, as the
    /// heap orders them); if the heap's top falls below `tau`, the next band down is swept. A
    /// round ends when every target is saturated (`saturation`): every gain is then exactly 0.
    /// Picks, scores and rounds are those of §2.2.
    func run(
        k: Int, initialGains g0: [Double], bounds: FacilityLocationBoundColumns?, saturation initialSaturation: FacilityLocationSaturation,
        sweep: Sweep = Sweep(), pool: WorkerPool? = nil, control: SelectionControl
    ) throws -> Picks {
        let (m, n) = (targetCount, candidateCount)
        var picks = Picks()
        guard k > 0 else { return picks }
        picks.order.reserveCapacity(k)
        var saturation = initialSaturation
        let padded = bounds?.paddedCount ?? 0
        let (byteWeights, weightScale) = bounds?.byteWeights(weights) ?? ([], 0)
        let estimateMargin = 1 + Double(m + 8) * 0x1p-51
        // Coverage levels; the 8-bit bound's level bytes (rounded down, 255 for a saturated
        // target); every candidate's bound, how far it was checked, and heap membership.
        let cur = UnsafeMutablePointer<Double>.allocate(capacity: m)
        let levels = UnsafeMutablePointer<UInt8>.allocate(capacity: max(padded, 1))
        let ub = UnsafeMutablePointer<Double>.allocate(capacity: n)
        let checked = UnsafeMutablePointer<Int>.allocate(capacity: n)
        let inHeap = UnsafeMutablePointer<Int>.allocate(capacity: n)
        let selected = UnsafeMutablePointer<Bool>.allocate(capacity: n)
        // The sweep list, a band's candidates and its stale ones (plain buffers: the band scan
        // reads the whole list once per band, and an array's uniqueness check per write doubled
        // its cost). A picked candidate's bound is -infinity, below every floor, so the scans
        // (`BandScan`) drop it without reading `selected`.
        let active = UnsafeMutablePointer<Int32>.allocate(capacity: n)
        let hits = UnsafeMutablePointer<Int32>.allocate(capacity: n)
        let stale = UnsafeMutablePointer<Int32>.allocate(capacity: n)
        defer {
            for p in [UnsafeMutableRawPointer(cur), UnsafeMutableRawPointer(levels), UnsafeMutableRawPointer(ub),
                      UnsafeMutableRawPointer(checked), UnsafeMutableRawPointer(inHeap), UnsafeMutableRawPointer(selected),
                      UnsafeMutableRawPointer(active), UnsafeMutableRawPointer(hits), UnsafeMutableRawPointer(stale)] { p.deallocate() }
        }
        cur.initialize(repeating: 0, count: m)
        levels.initialize(repeating: 0, count: max(padded, 1))
        checked.initialize(repeating: 0, count: n)
        inHeap.initialize(repeating: -1, count: n)
        selected.initialize(repeating: false, count: n)
        var activeCount = 0
        var heap = LazyGainHeap([])
        var step = 0, round = 0, picksInRound = 0
        var allSaturated = false
        // The next step's first floor, the round's last gain, the sweep list's floor.
        var guess = 0.0, previousGain = 0.0, listFloor = Double.infinity

        func mark(_ j: Int, _ level: Level) { checked[j] = step << 2 | level.rawValue }
        func level(_ j: Int) -> Int { checked[j] >> 2 == step ? checked[j] & 3 : Level.stale.rawValue }
        func updateSaturation() {
            var open = 0
            for i in 0..<m {
                if cur[i] >= saturation.best(i) {
                    if padded > 0 { levels[i] = 255 }
                } else {
                    open += 1
                }
            }
            allSaturated = open == 0
        }
        // A round starts from zero coverage, where g0 is every candidate's exact gain.
        func startRound() {
            for i in 0..<m { cur[i] = 0 }
            for i in 0..<padded { levels[i] = 0 }
            guess = 0
            for j in 0..<n where !selected[j] {
                ub[j] = g0[j]
                mark(j, .exact)
                guess = max(guess, g0[j])
            }
            previousGain = 0
            listFloor = .infinity
            updateSaturation()
        }
        // The sweep list: every unpicked candidate whose bound reaches `floor` (bounds only fall
        // within a round, so a later sweep finds every candidate at or above its band in it).
        func rebuildList(below tau: Double, _ sweep: Sweep) {
            listFloor = tau * sweep.listFactor
            activeCount = BandScan.rebuild(bounds: ub, count: n, floor: listFloor, into: active)
        }
        startRound()
        let storage = bounds?.storage ?? []
        try columns.withUnsafeBufferPointer { c in
            try weights.withUnsafeBufferPointer { w in
                try storage.withUnsafeBufferPointer { q in
                    try byteWeights.withUnsafeBufferPointer { bw in
                        let (cb, wb) = (c.baseAddress!, w.baseAddress!)
                        while picks.order.count < k {
                            var (pickedGain, picked) = (0.0, -1)
                            if !allSaturated {
                                var tau = guess
                                let bandStart = guess
                                if tau < listFloor { rebuildList(below: tau, sweep) }
                                heap.removeAll()
                                while true {
                                    // This band: the candidates not yet in the heap whose bound reaches tau.
                                    var staleCount = 0
                                    let current = step
                                    let scanned = BandScan.band(active, count: activeCount, bounds: ub, floor: listFloor, band: tau, hits: hits)
                                    activeCount = scanned.kept
                                    for h in 0..<scanned.hits {
                                        let j = Int(hits[h])
                                        if inHeap[j] == current { continue }
                                        if checked[j] >> 2 != current || checked[j] & 3 == Level.stale.rawValue {
                                            stale[staleCount] = Int32(j)
                                            staleCount += 1
                                        } else {
                                            heap.insert(bound: ub[j], index: j)
                                            inHeap[j] = current
                                        }
                                    }
                                    // Each bound reads its own column and writes its own entries, so the
                                    // pool's threads may share a band: the heap is filled after, in order.
                                    do {
                                        let list = UnsafeBufferPointer(start: stale, count: staleCount)
                                        let (stamp, count) = (step << 2, list.count)
                                        func refresh(_ chunk: Range<Int>) {
                                            for p in chunk {
                                                let j = Int(list[p])
                                                if let bounds, let base = q.baseAddress {
                                                    if p + sweep.prefetchDistance < chunk.upperBound {
                                                        CacheLines.prefetch(base + Int(list[p + sweep.prefetchDistance]) * bounds.paddedCount, bytes: bounds.paddedCount)
                                                    }
                                                    let sum = bounds.sum(of: j, storage: base, levels: levels, weights: bw.baseAddress!)
                                                    ub[j] = sum > 0 ? min(ub[j], bounds.bound(sum: sum, weightScale: weightScale)) : 0
                                                    checked[j] = stamp | (sum > 0 ? Level.byteBound : Level.exact).rawValue
                                                } else {
                                                    let e = estimate(of: j, cur: cur, columns: cb, weights: wb)
                                                    ub[j] = e == 0 ? 0 : min(ub[j], e * estimateMargin)
                                                    checked[j] = stamp | (e == 0 ? Level.exact : Level.estimate).rawValue
                                                }
                                            }
                                        }
                                        if let pool, pool.width > 1, count >= max(1, sweep.parallelMinimum) {
                                            let chunks = WorkerPool.ranges(count, size: sweep.parallelChunk)
                                            try pool.forEach(chunks.count) { task, _ in refresh(chunks[task]) }
                                        } else {
                                            refresh(0..<count)
                                        }
                                        for p in 0..<count {
                                            let j = Int(list[p])
                                            if ub[j] >= tau {
                                                heap.insert(bound: ub[j], index: j)
                                                inHeap[j] = step
                                            }
                                        }
                                    }
                                    // The lazy rule among them; everything else lies below tau.
                                    while !heap.isEmpty && heap.top.bound >= tau {
                                        let (bound, j) = heap.top
                                        let checkedLevel = level(j)
                                        if checkedLevel == Level.exact.rawValue {
                                            (pickedGain, picked) = (bound, j)
                                            break
                                        }
                                        if checkedLevel < Level.estimate.rawValue {
                                            let e = estimate(of: j, cur: cur, columns: cb, weights: wb)
                                            if e == 0 {
                                                ub[j] = 0
                                                mark(j, .exact)
                                                heap.lowerTop(to: 0)
                                                continue
                                            }
                                            let upper = e * estimateMargin
                                            if upper < tau || !heap.staysOnTop(bound: upper, index: j) {
                                                ub[j] = min(upper, bound)
                                                mark(j, .estimate)
                                                heap.lowerTop(to: ub[j])
                                                continue
                                            }
                                        }
                                        ub[j] = gain(of: j, cur: cur, columns: cb, weights: wb)
                                        mark(j, .exact)
                                        heap.lowerTop(to: ub[j])
                                    }
                                    // At tau = 0 every unpicked candidate was in the heap.
                                    if picked >= 0 || tau == 0 { break }
                                    tau = tau > 0x1p-20 * bandStart ? tau * sweep.bandFactor : 0
                                    if tau < listFloor { rebuildList(below: tau, sweep) }
                                }
                            }
                            if picked >= 0 && pickedGain > 0 {
                                selected[picked] = true
                                ub[picked] = -.infinity
                                picks.order.append(picked)
                                picks.scores.append(pickedGain)
                                picks.rounds.append(round)
                                let column = cb + picked * m
                                for i in 0..<m where column[i] > cur[i] {
                                    cur[i] = column[i]
                                    if let bounds { levels[i] = bounds.level(column[i], target: i) }
                                }
                                picksInRound += 1
                                step += 1
                                saturation.remove(selected: selected)
                                updateSaturation()
                                guess = previousGain > 0
                                    ? pickedGain * min(1, pickedGain / previousGain) * sweep.guessMargin : pickedGain * sweep.firstPickFactor
                                previousGain = pickedGain
                                if picks.order.count % 1024 == 0 {
                                    try control.checkCancelled()
                                    control.progress(FacilityLocationSelector.methodName, picks.order.count, k)
                                }
                            } else if picksInRound > 0 {
                                // Every target is covered at its best among the unpicked: a new round.
                                round += 1
                                picksInRound = 0
                                step += 1
                                startRound()
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
        control.progress(FacilityLocationSelector.methodName, picks.order.count, k)
        return picks
    }
}

extension FacilityLocationGreedy {
    /// The candidate-major copy of `s`, transposed in candidate ranges on the selection's threads.
    init(similarity s: SimilarityMatrix, weights: [Double], pool: WorkerPool) throws {
        self = try Self.prepare(similarity: s, weights: weights, boundMaxima: nil, pool: pool).greedy
    }

    /// The greedy's inputs from one pass over S: the candidate-major columns, each column's gain
    /// at zero coverage (`initialGains`) and its 8-bit codes (`FacilityLocationBoundColumns`),
    /// the last two computed while the column just written is still in cache (instead of two
    /// more passes over the N x M columns). Each candidate's values depend on its own column
    /// only, so candidate ranges run on the selection's threads. `boundMaxima` (each target's
    /// largest positive similarity, 0 for none: what the saturation lists start from) sets the
    /// codes' steps; nil builds no codes.
    static func prepare(
        similarity s: SimilarityMatrix, weights: [Double], boundMaxima: [Double]?, pool: WorkerPool
    ) throws -> (greedy: FacilityLocationGreedy, initialGains: [Double], bounds: FacilityLocationBoundColumns?) {
        let (m, n) = (s.targetCount, s.candidateCount)
        let shape = FacilityLocationGreedy(targetCount: m, candidateCount: n, columns: [], weights: weights)
        let withBounds = boundMaxima != nil
        let stride = withBounds ? FacilityLocationBoundColumns.paddedCount(targetCount: m) : 0
        let steps = boundMaxima.map(FacilityLocationBoundColumns.steps(maxima:)) ?? []
        let inverses = FacilityLocationBoundColumns.inverses(steps)
        var columns: [Double] = try pool.zeroed(count: m * n)
        var g0 = [Double](repeating: 0, count: n)
        var codes = [UInt8](repeating: 0, count: n * stride)
        let ranges = WorkerPool.ranges(n, size: 1024)
        try s.values.withUnsafeBufferPointer { src in
            try columns.withUnsafeMutableBufferPointer { dst in
                try g0.withUnsafeMutableBufferPointer { gains in
                    try codes.withUnsafeMutableBufferPointer { bytes in
                        try weights.withUnsafeBufferPointer { w in
                            try inverses.withUnsafeBufferPointer { st in
                                let (from, to, out, wb) = (src.baseAddress!, dst.baseAddress!, gains.baseAddress!, w.baseAddress!)
                                let codeBase = withBounds ? bytes.baseAddress : nil  // an empty array may still have an address
                                try pool.forEach(ranges.count) { task, _ in
                                    for j in ranges[task] {
                                        for i in 0..<m { to[j * m + i] = from[i * n + j] }
                                        out[j] = shape.gainAtZero(of: j, columns: to, weights: wb)
                                        if let codeBase, let inverses = st.baseAddress {
                                            FacilityLocationBoundColumns.encode(to + j * m, count: m, inverses: inverses, into: codeBase + j * stride)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let greedy = FacilityLocationGreedy(targetCount: m, candidateCount: n, columns: columns, weights: weights)
        return (greedy, g0, withBounds ? FacilityLocationBoundColumns(storage: codes, steps: steps) : nil)
    }
}
