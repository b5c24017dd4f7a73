import LinearAlgebra

/// S as a sharded run's driver sees it when the map steps ranked per-target lists over their row
/// ranges (`RangeTopLists`) instead of writing S: each target's lists, merged lazily (a k-way
/// merge over the ranges, `walk`) only as deep as a request reads and cut where they stop being
/// exact (the exactness check), answer `topLists` and `coverage` as a pass over S would; a request
/// the lists cannot answer throws `DeeperListsNeeded`. There are no blocks of S.
///
/// The cut: a range whose list is shorter than its rows holds every row ranking before its last
/// entry, so the merged list is exact up to the earliest of those last entries (inclusive), and
/// at least as long as the shortest such list. With no partial range it holds all N candidates.
public struct MergedTopLists: SimilarityColumns {
    public let targetCount: Int
    public let candidateCount: Int
    public let byDistance: Bool
    /// In row order.
    let ranges: [RangeTopLists]
    /// Per target, the last exact entry (nil: every entry is exact).
    let bounds: [TopListAccumulator.Entry?]
    /// Per target, whether the exact entries are every candidate.
    let complete: [Bool]
    /// Per target, whether a partial range sent no entry (then none is known to be exact).
    let unknown: [Bool]
    let poolBest: [Double]
    let candidateBest: [Double]
    /// The longest range list (a deeper request doubles it).
    let rangeLength: Int

    /// `ranges` must cover `0..<candidateCount` without gaps (in any order), each with `targetCount` lists.
    public init(ranges: [RangeTopLists], targetCount m: Int, candidateCount n: Int, byDistance: Bool) throws {
        let ranges = ranges.sorted { $0.rowOffset < $1.rowOffset }
        var next = 0
        for range in ranges {
            guard range.rowOffset == next, range.targetBest.count == m else {
                throw SelectionError(.shapeMismatch, "the top lists of rows \(range.rowOffset)..<\(range.rowOffset + range.rowCount) for \(range.targetBest.count) targets do not continue row \(next) for \(m) targets", parameter: "candidates")
            }
            next += range.rowCount
        }
        guard next == n else { throw SelectionError(.shapeMismatch, "the top lists cover \(next) of \(n) candidates", parameter: "candidates") }
        targetCount = m
        candidateCount = n
        self.byDistance = byDistance
        self.ranges = ranges
        candidateBest = ranges.flatMap(\.rowBest)
        rangeLength = ranges.map(\.length).max() ?? 0
        var poolBest = [Double](repeating: -.infinity, count: m)
        var bounds: [TopListAccumulator.Entry?] = []
        var unknown: [Bool] = []
        for i in 0..<m {
            var bound: TopListAccumulator.Entry?
            var none = false
            for range in ranges {
                if range.targetBest[i] > poolBest[i] { poolBest[i] = range.targetBest[i] }
                guard range.isPartial else { continue }
                guard range.length > 0 else {
                    none = true
                    continue
                }
                let last = Self.entry(range, target: i, position: range.length - 1, byDistance: byDistance)
                if bound.map({ Ranking.precedes(last.key, last.index, $0.key, $0.index) }) ?? true { bound = last }
            }
            bounds.append(bound)
            unknown.append(none)
        }
        self.bounds = bounds
        self.unknown = unknown
        complete = zip(bounds, unknown).map { $0.0 == nil && !$0.1 }
        self.poolBest = poolBest
    }

    static func entry(_ range: RangeTopLists, target i: Int, position c: Int, byDistance: Bool) -> TopListAccumulator.Entry {
        let value = range.values[i * range.length + c]
        return (key: TopListAccumulator.key(value, byDistance: byDistance), value: value, index: range.indices[i * range.length + c])
    }

    /// Target `i`'s exact entries in order, from a k-way merge of the ranges' lists (a binary
    /// heap of each range's next entry), while `body` returns true.
    func walk(_ i: Int, _ body: (TopListAccumulator.Entry) -> Bool) {
        guard !unknown[i] else { return }
        var heap: [(entry: TopListAccumulator.Entry, range: Int, position: Int)] = []
        func before(_ a: Int, _ b: Int) -> Bool {
            Ranking.precedes(heap[a].entry.key, heap[a].entry.index, heap[b].entry.key, heap[b].entry.index)
        }
        func siftDown(_ start: Int) {
            var p = start
            while true {
                let (l, r) = (2 * p + 1, 2 * p + 2)
                var best = p
                if l < heap.count, before(l, best) { best = l }
                if r < heap.count, before(r, best) { best = r }
                if best == p { return }
                heap.swapAt(p, best)
                p = best
            }
        }
        for (r, range) in ranges.enumerated() where range.length > 0 {
            heap.append((Self.entry(range, target: i, position: 0, byDistance: byDistance), r, 0))
        }
        for p in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(p) }
        while let top = heap.first {
            if let bound = bounds[i], Ranking.precedes(bound.key, bound.index, top.entry.key, top.entry.index) { return }
            guard body(top.entry) else { return }
            let range = ranges[top.range]
            if top.position + 1 < range.length {
                heap[0] = (Self.entry(range, target: i, position: top.position + 1, byDistance: byDistance), top.range, top.position + 1)
            } else {
                heap[0] = heap[heap.count - 1]
                heap.removeLast()
            }
            siftDown(0)
        }
    }

    public func forEachBlock(targets: [Int], _ body: (Int, Int, UnsafeBufferPointer<Double>) throws -> Void) throws {
        throw SelectionError(.shapeMismatch, "merged top lists hold no blocks of S", parameter: "method")
    }

    public func topLists(targets: [Int], length: Int, byDistance: Bool) throws -> [[(score: Double, index: Int)]] {
        guard byDistance == self.byDistance else {
            throw SelectionError(.shapeMismatch, "the lists rank by \(self.byDistance ? "distance" : "similarity"), not as asked", parameter: "method")
        }
        return try targets.map { i in
            var out: [(score: Double, index: Int)] = []
            if length > 0 {
                walk(i) { entry in
                    out.append((score: entry.key, index: entry.index))
                    return out.count < length
                }
            }
            guard out.count >= length || complete[i] else { throw DeeperListsNeeded(length: length) }
            return out
        }
    }

    /// Each target's best selected candidate is the first selected one of its exact entries (by
    /// distance: the largest S among the selected ones of that key, whose entries must end before
    /// the exact ones do); the pool's bests come from the ranges' own figures.
    public func coverage(selected: [Int]) throws -> SelectionCoverage {
        var isChosen = [Bool](repeating: false, count: candidateCount)
        for j in selected where j >= 0 && j < candidateCount { isChosen[j] = true }
        let any = isChosen.contains(true)
        var bestSelected = [Double?](repeating: nil, count: targetCount)
        var nearest = [Int?](repeating: nil, count: targetCount)
        let deeper = DeeperListsNeeded(length: max(1, 2 * rangeLength))
        for i in 0..<targetCount where any {
            var first: TopListAccumulator.Entry?
            var passed = false
            walk(i) { entry in
                guard let found = first else {
                    guard isChosen[entry.index] else { return true }
                    first = entry
                    bestSelected[i] = entry.value
                    nearest[i] = entry.index
                    // By S the first selected entry is the best; only keys of distances can tie unequal S.
                    return byDistance
                }
                guard entry.key == found.key else {
                    passed = true
                    return false
                }
                if isChosen[entry.index], entry.value > bestSelected[i] ?? -.infinity {
                    bestSelected[i] = entry.value
                    nearest[i] = entry.index
                }
                return true
            }
            if complete[i] { continue }
            if first == nil || (byDistance && !passed) { throw deeper }
        }
        return SelectionCoverage(bestSelected: bestSelected, nearestSelected: nearest, poolBest: targetCount == 0 ? [] : poolBest,
                                 candidateBest: targetCount == 0 ? [] : candidateBest)
    }
}
