import LinearAlgebra

/// Which rows a map shows: all of them when they fit, else the first `size` entries of the
/// seeded SplitMix64 permutation, in ascending index order (so the sample is read in one pass in
/// storage order, and the same seed always draws the same rows).
enum ProjectionSample {
    static func indices(count n: Int, size: Int, seed: UInt64) -> [Int] {
        guard n > size else { return Array(0..<n) }
        return SplitMix64.permutation(n, seed: seed).prefix(size).sorted()
    }
}
