/// A max-heap of `(bound, index)` pairs ordered by `(bound desc, index asc)`: the lazy greedy's
/// queue (coverage.md §2.3), where equal bounds must pop the lower index first so that lazy and
/// naive greedy agree bit for bit.
struct LazyGainHeap {
    private(set) var entries: [(bound: Double, index: Int)] = []

    init(_ entries: [(bound: Double, index: Int)]) {
        self.entries = entries
        var i = entries.count / 2 - 1
        while i >= 0 {
            siftDown(i)
            i -= 1
        }
    }

    var isEmpty: Bool { entries.isEmpty }
    var top: (bound: Double, index: Int) { entries[0] }

    /// Replaces the top's bound by a lower (re-evaluated) one and restores the order.
    mutating func lowerTop(to bound: Double) {
        entries[0].bound = bound
        siftDown(0)
    }

    mutating func popTop() {
        let last = entries.removeLast()
        guard !entries.isEmpty else { return }
        entries[0] = last
        siftDown(0)
    }

    @inline(__always)
    private static func before(_ a: (bound: Double, index: Int), _ b: (bound: Double, index: Int)) -> Bool {
        a.bound > b.bound || (a.bound == b.bound && a.index < b.index)
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        let n = entries.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var best = i
            if l < n && Self.before(entries[l], entries[best]) { best = l }
            if r < n && Self.before(entries[r], entries[best]) { best = r }
            if best == i { return }
            entries.swapAt(i, best)
            i = best
        }
    }
}
