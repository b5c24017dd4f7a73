import TextHashing

/// One text as dsir sees it (dsir.md §4): its token count and its hashed n-gram buckets as
/// `(bucket, count)` runs in ascending bucket order, the order its score is summed in (§6).
struct DSIRFeatures {
    let tokenCount: Int
    let buckets: [Int]
    let counts: [Int]

    init(_ text: String, ngrams: Int, numBuckets: Int) {
        var hashed: [Int] = []
        tokenCount = Self.forEachBucket(text, ngrams: ngrams, numBuckets: numBuckets) { hashed.append($0) }
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

    /// Calls `body` with the bucket of every n-gram of `text` (its unigrams, then its bigrams, ...)
    /// and returns its token count. The counting pass needs no order, so it skips `init`'s sort.
    static func forEachBucket(_ text: String, ngrams: Int, numBuckets: Int, _ body: (Int) -> Void) -> Int {
        let tokens = TextTokenizer.tokenBytes(text)
        let b = UInt64(numBuckets)
        // `previous[i]` is the hash of the (n-1)-gram starting at token i; FNV-1a folds on from it.
        var previous = tokens.map { FNV1a.hash($0) }
        for h in previous { body(Int(h % b)) }
        if ngrams >= 2 {
            for n in 2...ngrams where tokens.count >= n {
                var next = [UInt64](repeating: 0, count: tokens.count - n + 1)
                for i in next.indices {
                    next[i] = FNV1a.hash(tokens[i + n - 1], from: FNV1a.hash(byte: 0x20, from: previous[i]))
                    body(Int(next[i] % b))
                }
                previous = next
            }
        }
        return tokens.count
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
