/// The `capacity` best `(score, index)` pairs by `(score desc, index asc)`: a min-heap whose root
/// is the worst kept pair, concrete in `Double` so it is specialised (the generic
/// `TopKAccumulator` across the module boundary measured ~25 s for 500 lists of 20,000 here; a
/// full sort per target ~10 s). Most pushes stop at one comparison with the root.
struct TAROTTopK {
    let capacity: Int
    private var scores: [Double] = []
    private var indices: [Int] = []

    init(capacity: Int) {
        self.capacity = capacity
        scores.reserveCapacity(capacity)
        indices.reserveCapacity(capacity)
    }

    mutating func reset() {
        scores.removeAll(keepingCapacity: true)
        indices.removeAll(keepingCapacity: true)
    }

    /// True when `(sa, ia)` ranks after `(sb, ib)`.
    @inline(__always)
    private static func worse(_ sa: Double, _ ia: Int, _ sb: Double, _ ib: Int) -> Bool {
        sa < sb || (sa == sb && ia > ib)
    }

    mutating func push(_ score: Double, _ index: Int) {
        guard capacity > 0 else { return }
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

    /// The kept indices, best first.
    func sortedIndices() -> [Int] {
        let order = scores.indices.sorted { a, b in Self.worse(scores[b], indices[b], scores[a], indices[a]) }
        return order.map { indices[$0] }
    }

    private mutating func siftUp(_ start: Int) {
        var i = start
        while i > 0 {
            let parent = (i - 1) / 2
            guard Self.worse(scores[i], indices[i], scores[parent], indices[parent]) else { return }
            scores.swapAt(i, parent)
            indices.swapAt(i, parent)
            i = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        let n = scores.count
        while true {
            let (l, r) = (2 * i + 1, 2 * i + 2)
            var worst = i
            if l < n && Self.worse(scores[l], indices[l], scores[worst], indices[worst]) { worst = l }
            if r < n && Self.worse(scores[r], indices[r], scores[worst], indices[worst]) { worst = r }
            if worst == i { return }
            scores.swapAt(i, worst)
            indices.swapAt(i, worst)
            i = worst
        }
    }
}
