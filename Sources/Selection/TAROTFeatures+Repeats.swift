extension TAROTFeatures {
    /// The rows that repeat an earlier row in every checkpoint (the same earlier row in each:
    /// the first occurrence is the lowest identical index, so identical rows agree on it), with
    /// that row, in row order.
    static func fullRepeats(_ perCheckpoint: [RowRepeats]) -> [(row: Int, first: Int)] {
        guard let head = perCheckpoint.first else { return [] }
        let others = perCheckpoint.dropFirst().map { repeats in
            Dictionary(repeats.pairs.map { ($0.row, $0.first) }, uniquingKeysWith: { a, _ in a })
        }
        return head.pairs.filter { pair in others.allSatisfy { $0[pair.row] == pair.first } }
    }

    /// Gives each repeated row its first occurrence's features, scores and inner products bit
    /// for bit (the first occurrence is never itself a repeat, so one pass in row order does).
    mutating func copyRepeatedRows(_ pairs: [(row: Int, first: Int)]) {
        for (row, first) in pairs {
            for c in 0..<width { candidateRows[row * width + c] = candidateRows[first * width + c] }
            for j in 0..<m {
                scoresByTarget[j * n + row] = scoresByTarget[j * n + first]
                inner[row * m + j] = inner[first * m + j]
            }
        }
    }
}
