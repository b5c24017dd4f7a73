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
        var heap = TopKAccumulator<Double>(k: depth)
        try features.scoresByTarget.withUnsafeBufferPointer { all in
            for j in 0..<m {
                try control.checkCancelled()
                heap.removeAll()
                for i in 0..<n { heap.push(score: all[j * n + i], index: i) }
                lists.append(contentsOf: heap.sortedIndices())
            }
        }
        self.lists = lists
    }

    func neighbour(layer l: Int, target j: Int) -> Int { lists[j * depth + l] }
}
