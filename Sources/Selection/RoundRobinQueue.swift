/// One query's candidates in `(S desc, j asc)` order, materialised lazily: only a sorted prefix is
/// kept, and it is recomputed twice as long when the pointer runs past it. A query rarely needs
/// more than a few times its `ceil(k/M)` picks, so this avoids sorting whole rows.
struct RoundRobinQueue {
    let target: Int
    private(set) var prefix: [Int] = []
    private var position = 0
    private var exhaustedRow = false

    init(target: Int) { self.target = target }

    /// The queue with its first prefix already sorted (what the first `next` would compute), so
    /// the M initial sorts, the bulk of the rounds' work, can run in parallel before the turns.
    init(target: Int, in s: SimilarityMatrix, initialLength: Int) {
        self.target = target
        grow(in: s, to: initialLength)
    }

    /// The best candidate not yet `used`, or `nil` once the row is exhausted.
    mutating func next(in s: SimilarityMatrix, used: [Bool], initialLength: Int) -> Int? {
        while true {
            while position < prefix.count {
                let j = prefix[position]
                position += 1
                if !used[j] { return j }
            }
            if exhaustedRow { return nil }
            grow(in: s, to: max(initialLength, 2 * prefix.count))
        }
    }

    /// Recomputes the prefix with the `length` best candidates of the row; already-visited entries
    /// stay in place because the order is total (the new prefix extends the old one).
    private mutating func grow(in s: SimilarityMatrix, to length: Int) {
        let n = s.candidateCount
        let want = min(n, max(1, length))
        prefix = s.values.withUnsafeBufferPointer { values in
            RowRanking.best(UnsafeBufferPointer(rebasing: values[(target * n)..<((target + 1) * n)]), count: want).map(\.index)
        }
        exhaustedRow = want == n
    }
}
