import LinearAlgebra

/// Per-target top lists of S built block by block over candidate columns in index order: each
/// target's best `length` by `(key desc, index asc)`, the key `S` or, `byDistance`, `-(1 - S)`
/// (`KNNUniformNeighbours`' ranking, which can tie where S does not). Each entry keeps its S value
/// too, for the coverage figures of a list ranked by distance. Blocks come in index order, so
/// once a list is full only keys above its last one can enter it. The block reduce
/// (`SimilarityColumns.topLists`) and a sharded run's list map steps share it; it also keeps each
/// target's largest S (`targetBest`) and, when asked, each column's (`columnBest`), scanned as
/// `SelectionCoverage` scans them (strict `>`, lower index first).
public struct TopListAccumulator: Sendable {
    public typealias Entry = (key: Double, value: Double, index: Int)

    public let length: Int
    public let byDistance: Bool
    public private(set) var lists: [[Entry]]
    public private(set) var targetBest: [Double]
    /// The largest S of every column added, in order; empty unless `measuresColumns`.
    public private(set) var columnBest: [Double] = []
    let measuresColumns: Bool

    public init(targetCount: Int, length: Int, byDistance: Bool, measuresColumns: Bool = false) {
        self.length = max(length, 0)
        self.byDistance = byDistance
        self.measuresColumns = measuresColumns
        lists = [[Entry]](repeating: [], count: targetCount)
        targetBest = [Double](repeating: -.infinity, count: targetCount)
    }

    /// The key a list ranks S by (the same expression wherever lists are built or merged).
    @inline(__always)
    public static func key(_ s: Double, byDistance: Bool) -> Double { byDistance ? -(1 - s) : s }

    /// Adds the columns `start..<start + count`: `rows` holds, target after target, their S values.
    public mutating func add(start: Int, count: Int, rows: UnsafeBufferPointer<Double>) {
        if measuresColumns {
            var best = [Double](repeating: -.infinity, count: count)
            for p in lists.indices {
                for c in 0..<count where rows[p * count + c] > best[c] { best[c] = rows[p * count + c] }
            }
            columnBest += best
        }
        var keys = [Double](repeating: 0, count: count)
        for p in lists.indices {
            let base = p * count
            for c in 0..<count {
                keys[c] = Self.key(rows[base + c], byDistance: byDistance)
                if rows[base + c] > targetBest[p] { targetBest[p] = rows[base + c] }
            }
            let best: [(score: Double, index: Int)]
            if lists[p].count == length, let last = lists[p].last {
                best = keys.indices.filter { keys[$0] > last.key }.map { (score: keys[$0], index: $0) }
                    .sorted { Ranking.precedes($0.score, $0.index, $1.score, $1.index) }
            } else {
                best = keys.withUnsafeBufferPointer { RowRanking.best($0, count: length) }
            }
            let entries = best.map { (key: $0.score, value: rows[base + $0.index], index: $0.index + start) }
            lists[p] = Self.merged(lists[p], entries, length: length)
        }
    }

    /// The first `length` of two lists sorted by `(key desc, index asc)`, on ties of both the lower index.
    public static func merged(_ a: [Entry], _ b: [Entry], length: Int) -> [Entry] {
        var out: [Entry] = []
        out.reserveCapacity(min(length, a.count + b.count))
        var (x, y) = (0, 0)
        while out.count < length, x < a.count || y < b.count {
            if y == b.count || (x < a.count && Ranking.precedes(a[x].key, a[x].index, b[y].key, b[y].index)) {
                out.append(a[x])
                x += 1
            } else {
                out.append(b[y])
                y += 1
            }
        }
        return out
    }
}
