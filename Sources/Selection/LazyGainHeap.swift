/// A max-heap of `(bound, index)` pairs ordered by `(bound desc, index asc)`: the lazy greedy's
/// queue (coverage.md §2.3), where equal bounds must pop the lower index first so that lazy and
/// naive greedy agree bit for bit.
///
/// Four children per node, bounds and indices in separate arrays: the greedy lowers the top
/// millions of times (N = 100,000, k = 10,000), and a 4-ary sift is half as deep as a binary one,
/// with the four child bounds in one cache line.
struct LazyGainHeap {
    private(set) var bounds: [Double]
    private(set) var indices: [Int32]

    /// Indices must fit in Int32 (facility_location caps M * N at 2.5e8).
    init(_ entries: [(bound: Double, index: Int)]) {
        bounds = entries.map(\.bound)
        indices = entries.map { Int32($0.index) }
        var i = entries.count > 1 ? (entries.count - 2) / 4 : -1
        while i >= 0 {
            siftDown(i)
            i -= 1
        }
    }

    var isEmpty: Bool { bounds.isEmpty }
    var top: (bound: Double, index: Int) { (bounds[0], Int(indices[0])) }

    /// The position of the entry that comes first after the top (one of its four children), or
    /// nil when the top is alone.
    private var runnerUpPosition: Int? {
        let n = bounds.count
        guard n > 1 else { return nil }
        var best = 1
        for c in 2..<min(5, n) where Self.before(bounds[c], indices[c], bounds[best], indices[best]) { best = c }
        return best
    }

    /// Whether `(bound, index)` would still come first among the entries other than the top: the
    /// test a re-evaluated top must pass to stay on top.
    func staysOnTop(bound: Double, index: Int) -> Bool {
        guard let best = runnerUpPosition else { return true }
        return Self.before(bound, Int32(index), bounds[best], indices[best])
    }

    /// Replaces the top's bound by a lower (re-evaluated) one and restores the order.
    mutating func lowerTop(to bound: Double) {
        bounds[0] = bound
        siftDown(0)
    }

    /// Adds an entry, moving it up past every parent it comes before.
    mutating func insert(bound: Double, index: Int) {
        bounds.append(bound)
        indices.append(Int32(index))
        var i = bounds.count - 1
        while i > 0 {
            let parent = (i - 1) / 4
            if !Self.before(bound, Int32(index), bounds[parent], indices[parent]) { break }
            bounds[i] = bounds[parent]
            indices[i] = indices[parent]
            i = parent
        }
        bounds[i] = bound
        indices[i] = Int32(index)
    }

    /// Empties the heap, keeping its storage for the next step.
    mutating func removeAll() {
        bounds.removeAll(keepingCapacity: true)
        indices.removeAll(keepingCapacity: true)
    }

    mutating func popTop() {
        let (lastBound, lastIndex) = (bounds.removeLast(), indices.removeLast())
        guard !bounds.isEmpty else { return }
        bounds[0] = lastBound
        indices[0] = lastIndex
        siftDown(0)
    }

    @inline(__always)
    private static func before(_ a: Double, _ ai: Int32, _ b: Double, _ bi: Int32) -> Bool {
        a > b || (a == b && ai < bi)
    }

    /// Moves the entry at `start` down until no child comes before it (the hole technique: the
    /// entry is written once, at its final place).
    private mutating func siftDown(_ start: Int) {
        let n = bounds.count
        bounds.withUnsafeMutableBufferPointer { b in
            indices.withUnsafeMutableBufferPointer { x in
                var i = start
                let (bound, index) = (b[i], x[i])
                while true {
                    let first = 4 * i + 1
                    if first >= n { break }
                    var (best, bestBound, bestIndex) = (first, b[first], x[first])
                    for c in (first + 1)..<min(first + 4, n) where Self.before(b[c], x[c], bestBound, bestIndex) {
                        (best, bestBound, bestIndex) = (c, b[c], x[c])
                    }
                    if !Self.before(bestBound, bestIndex, bound, index) { break }
                    b[i] = bestBound
                    x[i] = bestIndex
                    i = best
                }
                b[i] = bound
                x[i] = index
            }
        }
    }
}
