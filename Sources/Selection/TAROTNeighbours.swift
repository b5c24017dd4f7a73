import LinearAlgebra

/// Per target, the `K_nb = min(max_neighbors, N)` best candidates by `(S[i, j] desc, i asc)`
/// (tarot.md §3). `list(j)[l]` is `nb[l][j]`.
struct TAROTNeighbours {
    let depth: Int
    /// M x depth, target-major.
    let lists: [Int]

    /// One task per target on `pool` (each list depends only on its own row of scores).
    init(_ features: TAROTFeatures, maxNeighbors: Int, pool: WorkerPool, control: SelectionControl) throws {
        let (n, m) = (features.n, features.m)
        let depth = min(maxNeighbors, n)
        self.depth = depth
        var lists = [Int](repeating: 0, count: m * depth)
        try features.scoresByTarget.withUnsafeBufferPointer { all in
            try lists.withUnsafeMutableBufferPointer { out in
                let listBase = out.baseAddress!
                try pool.forEach(m) { j, _ in
                    try control.checkCancelled()
                    var heap = TopKAccumulator<Double>(k: depth)
                    for i in 0..<n { heap.push(score: all[j * n + i], index: i) }
                    for (l, i) in heap.sortedIndices().enumerated() { listBase[j * depth + l] = i }
                }
            }
        }
        self.lists = lists
    }

    func neighbour(layer l: Int, target j: Int) -> Int { lists[j * depth + l] }
}
