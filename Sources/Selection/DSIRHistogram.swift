/// The bucket counts of one text source (dsir.md §5): `counts[b]`, their sum, and how many texts
/// have no token or reach `minTokens`. Each worker counts into its own row; the rows are summed
/// afterwards, and integer sums do not depend on which worker counted what.
struct DSIRHistogram {
    var counts: [Int64]
    var total: Int64
    var eligible: Int
    var empty: Int

    /// Counts `source`; with a `spill`, also writes every text's sorted buckets to it (pass 1 of
    /// the candidates), so that pass 2 need not tokenise the texts again.
    static func count(
        _ source: any TextSource, _ p: DSIRParameters, blockRows: Int, pool: WorkerPool, control: SelectionControl, stage: String,
        spill: DSIRSpill? = nil
    ) throws -> DSIRHistogram {
        let b = p.numBuckets
        var perWorker = [Int64](repeating: 0, count: pool.width * b)
        var eligibleBy = [Int](repeating: 0, count: pool.width)
        var emptyBy = [Int](repeating: 0, count: pool.width)
        // One record buffer per chunk of a block, written to the spill in chunk order after the block.
        var chunkRecords = [[UInt32]](repeating: [], count: spill == nil ? 0 : WorkerPool.ranges(blockRows, size: DSIRStream.chunkTexts).count)
        try perWorker.withUnsafeMutableBufferPointer { rows in
            try eligibleBy.withUnsafeMutableBufferPointer { eligible in
                try emptyBy.withUnsafeMutableBufferPointer { empty in
                    try chunkRecords.withUnsafeMutableBufferPointer { records in
                        try DSIRStream.forEachChunk(source, blockRows: blockRows, pool: pool, control: control, stage: stage) { _, task, chunk, texts, worker in
                            let row = worker * b
                            var hashed: [Int] = []
                            var scratch: [Int] = []
                            var out: [UInt32] = []
                            for j in chunk {
                                hashed.removeAll(keepingCapacity: true)
                                let tokens = DSIRFeatures.forEachBucket(texts[j], ngrams: p.ngrams, numBuckets: b) { bucket in
                                    rows[row + bucket] += 1
                                    if spill != nil { hashed.append(bucket) }
                                }
                                if tokens >= p.minTokens { eligible[worker] += 1 }
                                if tokens == 0 { empty[worker] += 1 }
                                guard spill != nil else { continue }
                                if tokens >= p.minTokens {
                                    DSIRSpill.sortBuckets(&hashed, scratch: &scratch, numBuckets: b)
                                    DSIRSpill.append(sortedBuckets: hashed, to: &out)
                                } else {
                                    out.append(DSIRSpill.ineligible)
                                }
                            }
                            if spill != nil { records[task] = out }
                        } afterBlock: { _, chunkCount in
                            spill?.writeBlock(Array(records[0..<chunkCount]))
                        }
                    }
                }
            }
        }
        var counts = [Int64](repeating: 0, count: b)
        for w in 0..<pool.width {
            for bucket in 0..<b { counts[bucket] += perWorker[w * b + bucket] }
        }
        var total: Int64 = 0
        for c in counts { total += c }
        return DSIRHistogram(counts: counts, total: total, eligible: eligibleBy.reduce(0, +), empty: emptyBy.reduce(0, +))
    }
}
