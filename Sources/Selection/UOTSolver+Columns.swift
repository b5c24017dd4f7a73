import ScratchFiles

extension UOTSolver {
    /// `solve` on S read in column blocks (a sharded run's reduce), never holding M x N: one pass
    /// turns each block into its kernel (the same element-wise function, so the same values) and
    /// appends it to an unlinked scratch file in `directory`; every round then streams the blocks
    /// back one at a time. The sums are `solve`'s, in its order: a column's `t_j` walks the
    /// targets in index order inside its block, and a target's row sum is summed row block by
    /// row block as `UOTKernelBlock` sums it (`blockedRowSums`), so every mass is `solve`'s bit
    /// for bit. Memory: one block (M x block
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
        let ranges = WorkerPool.ranges(n, size: Self.columnsPerTask)
        let rowBlock = rowBlockColumns(candidateCount: n)
        let f = parameters.regM / (parameters.regM + parameters.eps)
        /// `t = Kᵀu` over the streamed blocks.
        func columnSums(_ u: [Double]) throws -> [Double] {
            var t = [Double](repeating: 0, count: n)
            try forEachKernelBlock { range, k in
                try Self.columnSums(k, u: u, m: m, n: range.count, firstColumn: range.lowerBound, into: &t,
                                    columns: WorkerPool.ranges(range.count, size: Self.columnsPerTask / 8), pool: pool)
            }
            return t
        }
        // The loop asks for rounds in order (uPrev is the u of the round before), so the v of
        // the last round is vPrev of the next.
        var v = [Double](repeating: 1, count: n)
        return try scalingLoop(
            m: m, n: n, control: control,
            round: { _, u in
                guard let u else {
                    return UOTRoundReply(guardFired: false, allFinite: true, diff: 0, scale: 1, blockCount: (n + rowBlock - 1) / rowBlock,
                                         blockSums: try Self.blockedRowSums(n: n, m: m, v: v, rowBlock: rowBlock, pool: pool, forEachKernelBlock))
                }
                let vPrev = v
                let guardFired = try Self.columnScaling(try columnSums(u), b: b, f: f, into: &v, columns: ranges, pool: pool)
                let (diff, scale) = Self.changeParts(v, vPrev)
                return UOTRoundReply(guardFired: guardFired, allFinite: Self.allFinite(v), diff: diff, scale: scale,
                                     blockCount: (n + rowBlock - 1) / rowBlock,
                                     blockSums: try Self.blockedRowSums(n: n, m: m, v: v, rowBlock: rowBlock, pool: pool, forEachKernelBlock))
            },
            masses: { u, onesV in
                let t = try columnSums(u)
                guard !onesV else { return t }
                var v = [Double](repeating: 0, count: n)
                _ = try Self.columnScaling(t, b: b, f: f, into: &v, columns: ranges, pool: pool)
                return zip(v, t).map { $0 * $1 }
            })
    }

    /// Per target, `Σ_j K[i, j] v_j` over each row block of `rowBlock` columns (targets x
    /// blocks), from the streamed blocks, whatever their width: as `blockRowSum` sums a block's
    /// columns, four partial sums by column mod 4 within the row block, carried from streamed
    /// block to streamed block, combined as `(s0 + s1) + (s2 + s3)`, then the row block's last
    /// `count mod 4` products added in column order.
    static func blockedRowSums(
        n: Int, m: Int, v: [Double], rowBlock: Int, pool: WorkerPool,
        _ forEachKernelBlock: ((Range<Int>, UnsafeBufferPointer<Double>) throws -> Void) throws -> Void
    ) throws -> [Double] {
        let blocks = WorkerPool.ranges(n, size: rowBlock)
        var partial = [Double](repeating: 0, count: 4 * m * blocks.count)
        var tail = [Double](repeating: 0, count: 3 * m * blocks.count)
        try forEachKernelBlock { range, k in
            try partial.withUnsafeMutableBufferPointer { partial in
                try tail.withUnsafeMutableBufferPointer { tail in
                    let (p, q) = (partial.baseAddress!, tail.baseAddress!)
                    try pool.forEach(m) { i, _ in
                        let row = k.baseAddress! + i * range.count
                        for c in 0..<range.count {
                            let j = range.lowerBound + c
                            let block = blocks[j / rowBlock]
                            let (local, whole) = (j - block.lowerBound, block.count - block.count % 4)
                            let slot = i * blocks.count + j / rowBlock
                            if local < whole { p[4 * slot + (local & 3)] += row[c] * v[j] } else { q[3 * slot + local - whole] = row[c] * v[j] }
                        }
                    }
                }
            }
        }
        return (0..<(m * blocks.count)).map { slot in
            let block = blocks[slot % blocks.count]
            var sum = (partial[4 * slot] + partial[4 * slot + 1]) + (partial[4 * slot + 2] + partial[4 * slot + 3])
            for r in 0..<(block.count % 4) { sum += tail[3 * slot + r] }
            return sum
        }
    }
}
