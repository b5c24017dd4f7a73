import LinearAlgebra

/// Per target, the `K_nb = min(max_neighbors, N)` best candidates by `(S[i, j] desc, i asc)`
/// (tarot.md §3). `list(j)[l]` is `nb[l][j]`.
struct TAROTNeighbours {
    let depth: Int
    /// M x depth, target-major.
    let lists: [Int]

    init(_ features: TAROTFeatures, maxNeighbors: Int, control: SelectionControl) throws {
        let (n, m) = (features.n, features.m)
        depth = min(maxNeighbors, n)
        var lists = [Int]()
        lists.reserveCapacity(m * depth)
        for j in 0..<m {
            try control.checkCancelled()
            let column = Array(features.scoresByTarget[(j * n)..<((j + 1) * n)])
            lists.append(contentsOf: Ranking.topK(column, k: depth))
        }
        self.lists = lists
    }

    func neighbour(layer l: Int, target j: Int) -> Int { lists[j * depth + l] }
}
