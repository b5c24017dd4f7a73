/// The bucket counts of one text source (dsir.md §5): `counts[b]`, their sum, and how many texts
/// have no token or reach `minTokens`. Each worker counts into its own row; the rows are summed
/// afterwards, and integer sums do not depend on which worker counted what.
struct DSIRHistogram {
    var counts: [Int64]
    var total: Int64
    var eligible: Int
    var empty: Int

    static func count(
        _ source: any TextSource, _ p: DSIRParameters, blockRows: Int, pool: WorkerPool, control: SelectionControl, stage: String
    ) throws -> DSIRHistogram {
        let b = p.numBuckets
        var perWorker = [Int64](repeating: 0, count: pool.width * b)
        var eligibleBy = [Int](repeating: 0, count: pool.width)
        var emptyBy = [Int](repeating: 0, count: pool.width)
        try perWorker.withUnsafeMutableBufferPointer { rows in
            try eligibleBy.withUnsafeMutableBufferPointer { eligible in
                try emptyBy.withUnsafeMutableBufferPointer { empty in
                    try DSIRStream.forEach(source, blockRows: blockRows, pool: pool, control: control, stage: stage) { _, text, worker in
                        let row = worker * b
                        let tokens = DSIRFeatures.forEachBucket(text, ngrams: p.ngrams, numBuckets: b) { rows[row + $0] += 1 }
                        if tokens >= p.minTokens { eligible[worker] += 1 }
                        if tokens == 0 { empty[worker] += 1 }
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
