import LinearAlgebra

/// Per target, the `K_nb = min(max_neighbors, N)` best candidates by `(S[i, j] desc, i asc)`
/// (tarot.md §3). `list(j)[l]` is `nb[l][j]`.
struct TAROTNeighbours {
    let depth: Int
    /// M x depth, target-major.
    let lists: [Int]

    init(_ features: TAROTFeatures, maxNeighbors: Int, control: SelectionControl) throws {
        let (n, m) = (features.n, features.m)
        let depth = min(maxNeighbors, n)
        self.depth = depth
        var lists = [Int]()
        lists.reserveCapacity(m * depth)
        var order = [Int](repeating: 0, count: n)
        try features.scoresByTarget.withUnsafeBufferPointer { all in
            for j in 0..<m {
                try control.checkCancelled()
                let column = UnsafeBufferPointer(rebasing: all[(j * n)..<((j + 1) * n)])
                Self.rank(column, into: &order)
                lists.append(contentsOf: order[0..<depth])
            }
        }
        self.lists = lists
    }

    /// All indices by `(score desc, index asc)`. A concrete (specialised) sort: the generic
    /// `Ranking.topK` across the module boundary measured ~25 s for 500 x 20,000 here.
    static func rank(_ scores: UnsafeBufferPointer<Double>, into order: inout [Int]) {
        for i in order.indices { order[i] = i }
        order.sort { a, b in scores[a] > scores[b] || (scores[a] == scores[b] && a < b) }
    }

    func neighbour(layer l: Int, target j: Int) -> Int { lists[j * depth + l] }
}
