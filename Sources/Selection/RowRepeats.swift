/// Which streamed rows repeat an earlier row bit for bit (by `RowFingerprint`).
///
/// OpenBLAS computes different rows of one GEMM with different instruction sequences (measured:
/// rows 64, 65 and 1023 of a 1024-row tile round differently once M >= 8), so identical rows in
/// different tile positions can get different last bits from the same call. Specs README §1
/// requires bit-identical results for identical rows: each repeat takes its first occurrence's
/// result after the GEMMs, which costs a fingerprint per row instead of a fixed-order GEMM.
struct RowRepeats {
    private var firstOccurrence: [RowFingerprint: Int] = [:]
    /// Every repeated row with the earlier row it copies, in row order (`first < row`).
    private(set) var pairs: [(row: Int, first: Int)] = []

    /// Records row `row` by its fingerprint.
    mutating func record(_ fingerprint: RowFingerprint, row: Int) {
        if let first = firstOccurrence[fingerprint] {
            pairs.append((row, first))
        } else {
            firstOccurrence[fingerprint] = row
        }
    }

    var isEmpty: Bool { pairs.isEmpty }

    /// For every first occurrence that has repeats, the rows repeating it (ascending).
    var repeatsByFirst: [Int: [Int]] {
        var out: [Int: [Int]] = [:]
        for (row, first) in pairs { out[first, default: []].append(row) }
        return out
    }
}
