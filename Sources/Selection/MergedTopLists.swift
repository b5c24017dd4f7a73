import LinearAlgebra

/// S as a sharded run's driver sees it when the map steps ranked per-target lists over their row
/// ranges (`RangeTopLists`) instead of writing S: each target's merged list, cut where it stops
/// being exact (the exactness check), answers `topLists` and `coverage` as a pass over S would;
/// a request the lists cannot answer throws `DeeperListsNeeded`. There are no blocks of S.
///
/// The cut: a range whose list is shorter than its rows holds every row ranking before its last
/// entry, so the merged list is exact up to the earliest of those last entries (inclusive), and
/// at least as long as the shortest such list. With no partial range it holds all N candidates.
public struct MergedTopLists: SimilarityColumns {
    public let targetCount: Int
    public let candidateCount: Int
    public let byDistance: Bool
    /// Per target, the exact prefix of its row by `TopListAccumulator`'s order.
    let prefixes: [[TopListAccumulator.Entry]]
    /// Per target, whether the prefix holds every candidate.
    let complete: [Bool]
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
        candidateBest = ranges.flatMap(\.rowBest)
        rangeLength = ranges.map(\.length).max() ?? 0
        var poolBest = [Double](repeating: -.infinity, count: m)
        var prefixes: [[TopListAccumulator.Entry]] = []
        var complete: [Bool] = []
        for i in 0..<m {
            var all: [TopListAccumulator.Entry] = []
            var bound: TopListAccumulator.Entry?
            var unknown = false
            for range in ranges {
                if range.targetBest[i] > poolBest[i] { poolBest[i] = range.targetBest[i] }
                let entries = (0..<range.length).map { c -> TopListAccumulator.Entry in
                    let value = range.values[i * range.length + c]
                    return (key: TopListAccumulator.key(value, byDistance: byDistance), value: value, index: range.indices[i * range.length + c])
                }
                all += entries
                guard range.isPartial else { continue }
                guard let last = entries.last else {
                    unknown = true
                    continue
                }
                if bound.map({ Ranking.precedes(last.key, last.index, $0.key, $0.index) }) ?? true { bound = last }
            }
            // Only what ranks no later than the bound is exact: cut before sorting.
            if unknown {
                all = []
            } else if let bound {
                all = all.filter { !Ranking.precedes(bound.key, bound.index, $0.key, $0.index) }
            }
            all.sort { Ranking.precedes($0.key, $0.index, $1.key, $1.index) }
            prefixes.append(all)
            complete.append(!unknown && bound == nil)
        }
        self.prefixes = prefixes
        self.complete = complete
        self.poolBest = poolBest
    }

    public func forEachBlock(targets: [Int], _ body: (Int, Int, UnsafeBufferPointer<Double>) throws -> Void) throws {
        throw SelectionError(.shapeMismatch, "merged top lists hold no blocks of S", parameter: "method")
    }

    public func topLists(targets: [Int], length: Int, byDistance: Bool) throws -> [[(score: Double, index: Int)]] {
        guard byDistance == self.byDistance else {
            throw SelectionError(.shapeMismatch, "the lists rank by \(self.byDistance ? "distance" : "similarity"), not as asked", parameter: "method")
        }
        return try targets.map { i in
            guard prefixes[i].count >= length || complete[i] else { throw DeeperListsNeeded(length: length) }
            return prefixes[i].prefix(length).map { (score: $0.key, index: $0.index) }
        }
    }

    /// Each target's best selected candidate is the first selected one in its exact prefix (by
    /// distance: the largest S among the selected ones of that key, which must end inside the
    /// prefix); the pool's bests come from the ranges' own figures.
    public func coverage(selected: [Int]) throws -> SelectionCoverage {
        var isChosen = [Bool](repeating: false, count: candidateCount)
        for j in selected where j >= 0 && j < candidateCount { isChosen[j] = true }
        let any = isChosen.contains(true)
        var bestSelected = [Double?](repeating: nil, count: targetCount)
        var nearest = [Int?](repeating: nil, count: targetCount)
        let deeper = DeeperListsNeeded(length: max(1, 2 * rangeLength))
        for i in 0..<targetCount where any {
            let prefix = prefixes[i]
            guard let p = prefix.firstIndex(where: { isChosen[$0.index] }) else {
                if complete[i] { continue }
                throw deeper
            }
            var q = p
            while q < prefix.count, prefix[q].key == prefix[p].key {
                if isChosen[prefix[q].index], bestSelected[i].map({ prefix[q].value > $0 }) ?? true {
                    bestSelected[i] = prefix[q].value
                    nearest[i] = prefix[q].index
                }
                // By S the first selected entry is the best; only keys of distances can tie unequal S.
                guard byDistance else { break }
                q += 1
            }
            if byDistance, q == prefix.count, !complete[i] { throw deeper }
        }
        return SelectionCoverage(bestSelected: bestSelected, nearestSelected: nearest, poolBest: targetCount == 0 ? [] : poolBest,
                                 candidateBest: targetCount == 0 ? [] : candidateBest)
    }
}
