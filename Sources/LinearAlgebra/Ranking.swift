/// The one ordering of every ranking in Shortlist: score descending, then index ascending
/// (specs README §1). A total order, so no result depends on sort stability.
public enum Ranking {
    /// True when `(scoreA, indexA)` ranks before `(scoreB, indexB)`.
    @inlinable
    public static func precedes<S: Comparable>(_ scoreA: S, _ indexA: Int, _ scoreB: S, _ indexB: Int) -> Bool {
        scoreA > scoreB || (scoreA == scoreB && indexA < indexB)
    }

    /// Every index of `scores`, best first.
    @inlinable
    public static func order<S: Comparable>(_ scores: [S]) -> [Int] {
        Array(scores.indices).sorted { precedes(scores[$0], $0, scores[$1], $1) }
    }

    /// Every index of `scores`, in ascending score (then ascending index).
    @inlinable
    public static func ascendingOrder<S: Comparable>(_ scores: [S]) -> [Int] {
        Array(scores.indices).sorted { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
    }

    /// The `k` best indices of `scores`, best first, in O(N log k).
    @inlinable
    public static func topK<S: Comparable>(_ scores: [S], k: Int) -> [Int] {
        var acc = TopKAccumulator<S>(k: k)
        for (i, s) in scores.enumerated() { acc.push(score: s, index: i) }
        return acc.sortedIndices()
    }
}

/// Keeps the `k` best `(score, index)` pairs seen so far, for streamed input (blocks of candidates).
/// A binary min-heap whose root is the worst kept pair; each push is O(log k).
/// `@inlinable` throughout so every module gets code specialised for its score type (unspecialised,
/// each heap step went through witness tables: sel-core measured knn/round_robin several times slower).
@frozen public struct TopKAccumulator<S: Comparable> {
    public let k: Int
    @usableFromInline var heap: [(score: S, index: Int)] = []

    @inlinable
    public init(k: Int) {
        precondition(k >= 0, "k must be non-negative")
        self.k = k
        heap.reserveCapacity(k)
    }

    @inlinable
    public var count: Int { heap.count }

    /// Empties the accumulator, keeping its storage, to rank another stream with the same `k`.
    @inlinable
    public mutating func removeAll() { heap.removeAll(keepingCapacity: true) }

    /// `a` is worse than `b` when it ranks after it.
    @inlinable @inline(__always)
    static func worse(_ a: (score: S, index: Int), _ b: (score: S, index: Int)) -> Bool {
        Ranking.precedes(b.score, b.index, a.score, a.index)
    }

    @inlinable
    public mutating func push(score: S, index: Int) {
        guard k > 0 else { return }
        let item = (score: score, index: index)
        if heap.count < k {
            heap.append(item)
            siftUp(heap.count - 1)
        } else if Self.worse(heap[0], item) {
            heap[0] = item
            siftDown(0)
        }
    }

    /// The kept pairs, best first.
    @inlinable
    public func sorted() -> [(score: S, index: Int)] {
        heap.sorted { Ranking.precedes($0.score, $0.index, $1.score, $1.index) }
    }

    @inlinable
    public func sortedIndices() -> [Int] { sorted().map(\.index) }

    @inlinable
    mutating func siftUp(_ start: Int) {
        var i = start
        while i > 0 {
            let parent = (i - 1) / 2
            if Self.worse(heap[i], heap[parent]) {
                heap.swapAt(i, parent)
                i = parent
            } else { return }
        }
    }

    @inlinable
    mutating func siftDown(_ start: Int) {
        var i = start
        let n = heap.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var worst = i
            if l < n && Self.worse(heap[l], heap[worst]) { worst = l }
            if r < n && Self.worse(heap[r], heap[worst]) { worst = r }
            if worst == i { return }
            heap.swapAt(i, worst)
            i = worst
        }
    }
}

extension TopKAccumulator: Sendable where S: Sendable {}
