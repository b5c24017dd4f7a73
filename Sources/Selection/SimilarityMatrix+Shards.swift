extension SimilarityMatrix {
    /// S from a sharded run's map steps: per checkpoint, in order, its shards' cosines placed at
    /// their rows, every repeated row (fingerprints in global row order) given its first
    /// occurrence's column, then `weight * cos` added in float64. These are the steps of
    /// `accumulate` in its order, so S is the local pass's bit for bit. `checkpoints` pairs the
    /// normalised weights (`SelectionInput.validate()`) with each checkpoint's shards, which must
    /// cover `0..<candidateCount` without gaps. No reduce holds S whole any more (they read it in
    /// blocks, `SimilarityColumns`); this is the whole-matrix statement their blocks are checked by.
    public static func assemble(
        targetCount m: Int, candidateCount n: Int, checkpoints: [(weight: Double, shards: [ShardCosines])], workers: Int = 1
    ) throws -> SimilarityMatrix {
        let pool = WorkerPool(width: max(1, workers))
        var s = SimilarityMatrix(targetCount: m, candidateCount: n, values: try pool.zeroed(count: m * n))
        for (weight, shards) in checkpoints {
            var cosines: [Float] = try pool.zeroed(count: m * n)
            var repeats = RowRepeats()
            var next = 0
            for shard in shards.sorted(by: { $0.rowOffset < $1.rowOffset }) {
                guard shard.rowOffset == next, shard.targetCount == m, next + shard.rowCount <= n else {
                    throw SelectionError(.shapeMismatch, "a shard of \(shard.rowCount) rows x \(shard.targetCount) targets at row \(shard.rowOffset) does not continue row \(next) of \(n) x \(m) targets", parameter: "candidates")
                }
                let r = shard.rowCount
                for i in 0..<m {
                    for j in 0..<r { cosines[i * n + next + j] = shard.cosines[i * r + j] }
                }
                for j in 0..<r {
                    repeats.record(RowFingerprint(high: shard.fingerprints[2 * j], low: shard.fingerprints[2 * j + 1]), row: next + j)
                }
                next += r
            }
            guard next == n else {
                throw SelectionError(.shapeMismatch, "the shards cover \(next) of \(n) candidates", parameter: "candidates")
            }
            for (row, first) in repeats.pairs {
                for i in 0..<m { cosines[i * n + row] = cosines[i * n + first] }
            }
            try s.addScaled(cosines, weight: weight, pool: pool)
        }
        return s
    }
}

extension SimilarityMatrix {
    /// Every repeated row of one checkpoint with the earlier row it copies, in row order, from the
    /// map steps' fingerprints of all its rows in global row order (two words a row): the repeats
    /// `assemble` resolves, for a reduce that reads S in blocks (`SimilarityColumns`).
    public static func repeatedRows(fingerprints words: [UInt64]) -> [(row: Int, first: Int)] {
        var repeats = RowRepeats()
        for j in 0..<(words.count / 2) { repeats.record(RowFingerprint(high: words[2 * j], low: words[2 * j + 1]), row: j) }
        return repeats.pairs
    }
}
