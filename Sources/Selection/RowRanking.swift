import LinearAlgebra

/// The best `count` entries of one row of float64 scores by `(score desc, index asc)`, best first.
///
/// `best` finds the count-th best score by selection (three-way quickselect, O(N) expected),
/// collects everything above it plus the lowest-indexed ties, and sorts only those. A heap
/// (`TopKAccumulator`) gave the same answer but spent most of knn_uniform's time beyond the
/// similarity pass in sift-downs (L = 5000 of N: every candidate that enters the running top
/// list costs a log L sift, and ~L (1 + ln(N/L)) enter).
enum RowRanking {
    /// Every index of `scores`, best first (the concrete form of `Ranking.order`).
    static func order(_ scores: [Double]) -> [Int] {
        scores.withUnsafeBufferPointer { s in
            Array(0..<s.count).sorted { s[$0] > s[$1] || (s[$0] == s[$1] && $0 < $1) }
        }
    }

    /// `negated: true` ranks by `-score` (exact), i.e. by ascending score (KNN distances).
    static func best(_ row: UnsafeBufferPointer<Double>, count: Int, negated: Bool = false) -> [(score: Double, index: Int)] {
        let n = row.count
        let k = min(max(count, 0), n)
        guard k > 0 else { return [] }
        let keys = negated ? row.map { -$0 } : Array(row)
        var work = keys
        let threshold = kthLargest(&work, k - 1)
        var out: [(score: Double, index: Int)] = []
        out.reserveCapacity(k)
        var above = 0
        for key in keys where key > threshold { above += 1 }
        var ties = k - above
        for (j, key) in keys.enumerated() {
            if key > threshold {
                out.append((key, j))
            } else if key == threshold, ties > 0 {
                out.append((key, j))
                ties -= 1
            }
        }
        // Only a NaN (never produced from finite inputs) can leave the selection short.
        guard out.count == k else { return heapBest(keys, count: k) }
        out.sort { Ranking.precedes($0.score, $0.index, $1.score, $1.index) }
        return out
    }

    /// The value at position `target` of `values` sorted descending; reorders `values`.
    /// Three-way partitions keep runs of equal scores cheap; after a bounded number of
    /// partitions the remaining range is sorted, so no input costs more than O(N log N).
    static func kthLargest(_ values: inout [Double], _ target: Int) -> Double {
        var (lo, hi) = (0, values.count)
        var budget = 2 * (Int.bitWidth - values.count.leadingZeroBitCount) + 8
        return values.withUnsafeMutableBufferPointer { v in
            while true {
                if hi - lo <= 16 || budget == 0 {
                    var rest = UnsafeMutableBufferPointer(rebasing: v[lo..<hi])
                    rest.sort(by: >)
                    return v[target]
                }
                budget -= 1
                let pivot = median(v[lo], v[(lo + hi) / 2], v[hi - 1])
                var (greater, i, less) = (lo, lo, hi)
                while i < less {
                    let x = v[i]
                    if x > pivot {
                        v.swapAt(greater, i)
                        greater += 1
                        i += 1
                    } else if x < pivot {
                        less -= 1
                        v.swapAt(i, less)
                    } else {
                        i += 1
                    }
                }
                if target < greater {
                    hi = greater
                } else if target >= less {
                    lo = less
                } else {
                    return pivot
                }
            }
        }
    }

    static func median(_ a: Double, _ b: Double, _ c: Double) -> Double {
        max(min(a, b), min(max(a, b), c))
    }

    static func heapBest(_ keys: [Double], count k: Int) -> [(score: Double, index: Int)] {
        var heap = TopKAccumulator<Double>(k: k)
        for (j, key) in keys.enumerated() { heap.push(score: key, index: j) }
        return heap.sorted()
    }
}
