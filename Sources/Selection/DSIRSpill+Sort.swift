extension DSIRSpill {
    /// Texts with fewer n-grams than this are sorted by comparison (insertion sort wins there).
    static let radixThreshold = 48

    /// Sorts one text's buckets (each in `0..<numBuckets`) ascending: least-significant-digit radix
    /// sort, 8 bits a pass, as many passes as `numBuckets - 1` has bytes (2 at the default 10,000),
    /// through `scratch`. The comparison sort of ~200 random buckets per text was the largest cost of
    /// pass 1 after tokenising; integers sort to one order whatever the algorithm, so the spill and
    /// every score are unchanged.
    static func sortBuckets(_ buckets: inout [Int], scratch: inout [Int], numBuckets: Int) {
        let n = buckets.count
        guard n >= radixThreshold else { buckets.sort(); return }
        if scratch.count < n { scratch = [Int](repeating: 0, count: n) }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 256) { counts in
            buckets.withUnsafeMutableBufferPointer { a in
                scratch.withUnsafeMutableBufferPointer { s in
                    var (source, target) = (a.baseAddress!, s.baseAddress!)
                    var shift = 0
                    var passes = 0
                    while (numBuckets - 1) >> shift > 0 {
                        counts.initialize(repeating: 0)
                        for i in 0..<n { counts[(source[i] >> shift) & 255] += 1 }
                        var start = 0
                        for digit in 0..<256 {
                            let c = counts[digit]
                            counts[digit] = start
                            start += c
                        }
                        for i in 0..<n {
                            let digit = (source[i] >> shift) & 255
                            target[counts[digit]] = source[i]
                            counts[digit] += 1
                        }
                        swap(&source, &target)
                        shift += 8
                        passes += 1
                    }
                    // After an odd number of passes the sorted values are in the scratch.
                    if passes % 2 == 1 { a.baseAddress!.update(from: s.baseAddress!, count: n) }
                }
            }
        }
    }
}
