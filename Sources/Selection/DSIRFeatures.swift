import TextHashing

/// One text as dsir sees it (dsir.md §4): its token count and its hashed n-gram buckets as
/// `(bucket, count)` runs in ascending bucket order, the order its score is summed in (§6).
struct DSIRFeatures {
    let tokenCount: Int
    let buckets: [Int]
    let counts: [Int]

    init(_ text: String, ngrams: Int, numBuckets: Int) {
        let tokens = TextTokenizer.tokenBytes(text)
        tokenCount = tokens.count
        let b = UInt64(numBuckets)
        var hashed: [Int] = []
        hashed.reserveCapacity(tokens.count * ngrams)
        // `previous[i]` is the hash of the (n-1)-gram starting at token i; FNV-1a folds on from it.
        var previous = tokens.map { FNV1a.hash($0) }
        for h in previous { hashed.append(Int(h % b)) }
        if ngrams >= 2 {
            for n in 2...ngrams where tokens.count >= n {
                var next = [UInt64](repeating: 0, count: tokens.count - n + 1)
                for i in next.indices {
                    next[i] = FNV1a.hash(tokens[i + n - 1], from: FNV1a.hash(byte: 0x20, from: previous[i]))
                    hashed.append(Int(next[i] % b))
                }
                previous = next
            }
        }
        hashed.sort()
        var buckets: [Int] = []
        var counts: [Int] = []
        for bucket in hashed {
            if buckets.last == bucket {
                counts[counts.count - 1] += 1
            } else {
                buckets.append(bucket)
                counts.append(1)
            }
        }
        self.buckets = buckets
        self.counts = counts
    }

    /// The log importance weight (§6): ascending buckets, multiply then add, one accumulator.
    func score(_ logRatio: [Double]) -> Double {
        var s = 0.0
        for (bucket, count) in zip(buckets, counts) {
            let term = Double(count) * logRatio[bucket]
            s = s + term
        }
        return s
    }
}
