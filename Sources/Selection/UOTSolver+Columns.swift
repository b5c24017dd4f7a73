import ScratchFiles

extension UOTSolver {
    /// `solve` on S read in column blocks (a sharded run's reduce), never holding M x N: one pass
    /// turns each block into its kernel (the same element-wise function, so the same values) and
    /// appends it to an unlinked scratch file in `directory`; every scaling step then streams the
    /// blocks back one at a time. The sums are `solve`'s, in its order: a column's `t_j` walks the
    /// targets in index order inside its block, and a target's row sum keeps `rowScaling`'s four
    /// partial sums (column j goes to sum j mod 4, the last n mod 4 columns are added after them)
    /// across the blocks, so every mass is `solve`'s bit for bit. Memory: one block (M x block
    /// columns float64) and the vectors; disk: the M x N float64 kernel. The file's failures are
    /// `AnonymousFile.Failure`s, for the caller to name.
    func solve(columns s: any SimilarityColumns, directory: String, pool: WorkerPool, control: SelectionControl) throws -> Outcome {
        let (m, n) = (s.targetCount, s.candidateCount)
        let (a, b) = (1.0 / Double(m), 1.0 / Double(n))
        let file = try AnonymousFile(directory: directory, namePrefix: "shortlist-uot-kernel-")
        var blocks: [Range<Int>] = []
        var buffer: [Double] = []
        try s.forEachBlock(targets: Array(0..<m)) { start, count, rows in
            try control.checkCancelled()
            buffer.removeAll(keepingCapacity: true)
            buffer.append(contentsOf: rows)
            try buffer.withUnsafeMutableBufferPointer { try Self.kernel($0, eps: parameters.eps, scale: (a, b), pool: pool) }
            try buffer.withUnsafeBytes { try file.write($0) }
            blocks.append(start..<(start + count))
        }
        buffer = [Double](repeating: 0, count: m * (blocks.map(\.count).max() ?? 0))
        guard blocks.last?.upperBound ?? 0 == n else {
            throw SelectionError(.shapeMismatch, "the similarity's column blocks end at \(blocks.last?.upperBound ?? 0), not at \(n)")
        }
        /// Each block of the kernel file in order, read into `buffer` (targets x columns).
        func forEachKernelBlock(_ body: (Range<Int>, UnsafeBufferPointer<Double>) throws -> Void) throws {
            var offset = 0
            for range in blocks {
                let size = m * range.count
                try buffer.withUnsafeMutableBufferPointer { values in
                    try file.read(into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: values[0..<size])), at: offset)
                    try body(range, UnsafeBufferPointer(rebasing: values[0..<size]))
                }
                offset += size * MemoryLayout<Double>.size
            }
        }
        return try scalingLoop(
            m: m, n: n, columns: WorkerPool.ranges(n, size: Self.columnsPerTask), pool: pool, control: control,
            rowScaling: { v, u in
                let sums = try Self.blockedRowSums(n: n, m: m, v: v, pool: pool, forEachKernelBlock)
                for i in 0..<m { u[i] = a / sums[i] }
            },
            columnSums: { u, t in
                try forEachKernelBlock { range, k in
                    try Self.columnSums(k, u: u, m: m, n: range.count, firstColumn: range.lowerBound, into: &t,
                                        columns: WorkerPool.ranges(range.count, size: Self.columnsPerTask / 8), pool: pool)
                }
            })
    }

    /// `Σ_j K[i, j] v_j` per target over the streamed blocks, as `rowScaling` sums the whole row:
    /// four partial sums by column mod 4 carried from block to block, combined as
    /// `(s0 + s1) + (s2 + s3)`, then the last `n mod 4` products added in column order.
    static func blockedRowSums(
        n: Int, m: Int, v: [Double], pool: WorkerPool,
        _ forEachKernelBlock: ((Range<Int>, UnsafeBufferPointer<Double>) throws -> Void) throws -> Void
    ) throws -> [Double] {
        let whole = n - n % 4
        var partial = [Double](repeating: 0, count: 4 * m)
        var tail = [Double](repeating: 0, count: 3 * m)
        try forEachKernelBlock { range, k in
            try partial.withUnsafeMutableBufferPointer { partial in
                try tail.withUnsafeMutableBufferPointer { tail in
                    let (p, q) = (partial.baseAddress!, tail.baseAddress!)
                    try pool.forEach(m) { i, _ in
                        let row = k.baseAddress! + i * range.count
                        for c in 0..<range.count {
                            let j = range.lowerBound + c
                            if j < whole { p[4 * i + (j & 3)] += row[c] * v[j] } else { q[3 * i + j - whole] = row[c] * v[j] }
                        }
                    }
                }
            }
        }
        return (0..<m).map { i in
            var sum = (partial[4 * i] + partial[4 * i + 1]) + (partial[4 * i + 2] + partial[4 * i + 3])
            for r in 0..<(n - whole) { sum += tail[3 * i + r] }
            return sum
        }
    }
}
