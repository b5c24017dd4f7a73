/// The best `count` entries of one row of float64 scores by `(score desc, index asc)`, best first.
///
/// A concrete (non-generic) heap: LinearAlgebra's generic `TopKAccumulator` is not specialised
/// across the module boundary, and its witness-table calls made round-robin and KNN-uniform
/// dominate the run time (bench/README-sel-core.md).
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
        var heap = RowRankingHeap(capacity: k)
        if negated {
            for j in 0..<n { heap.push(-row[j], j) }
        } else {
            for j in 0..<n { heap.push(row[j], j) }
        }
        return heap.sortedBestFirst()
    }
}

/// A binary min-heap of `(score, index)` whose root is the worst kept pair (parallel arrays).
struct RowRankingHeap {
    let capacity: Int
    private var scores: [Double] = []
    private var indices: [Int] = []

    init(capacity: Int) {
        self.capacity = capacity
        scores.reserveCapacity(capacity)
        indices.reserveCapacity(capacity)
    }

    /// `a` ranks after `b`: lower score, or equal score and higher index.
    @inline(__always)
    private static func worse(_ sa: Double, _ ia: Int, _ sb: Double, _ ib: Int) -> Bool {
        sa < sb || (sa == sb && ia > ib)
    }

    @inline(__always)
    mutating func push(_ score: Double, _ index: Int) {
        if scores.count < capacity {
            scores.append(score)
            indices.append(index)
            siftUp(scores.count - 1)
        } else if Self.worse(scores[0], indices[0], score, index) {
            scores[0] = score
            indices[0] = index
            siftDown(0)
        }
    }

    func sortedBestFirst() -> [(score: Double, index: Int)] {
        zip(scores, indices).map { (score: $0.0, index: $0.1) }
            .sorted { $0.score > $1.score || ($0.score == $1.score && $0.index < $1.index) }
    }

    private mutating func swapAt(_ a: Int, _ b: Int) {
        scores.swapAt(a, b)
        indices.swapAt(a, b)
    }

    private mutating func siftUp(_ start: Int) {
        var i = start
        while i > 0 {
            let parent = (i - 1) / 2
            guard Self.worse(scores[i], indices[i], scores[parent], indices[parent]) else { return }
            swapAt(i, parent)
            i = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        let n = scores.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var worst = i
            if l < n, Self.worse(scores[l], indices[l], scores[worst], indices[worst]) { worst = l }
            if r < n, Self.worse(scores[r], indices[r], scores[worst], indices[worst]) { worst = r }
            if worst == i { return }
            swapAt(i, worst)
            i = worst
        }
    }
}
