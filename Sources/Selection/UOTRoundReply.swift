/// What one holder of kernel columns (`UOTKernelBlock`: the local solver's, or a Ray job's block
/// process's) answers for one Sinkhorn round: of its columns' new `v`, whether some `t_j` was 0 (the
/// numeric guard), whether every `v_j` is finite, and the two maxima of `v`'s relative change
/// (`max |v - vPrev|` and `max(max |v|, max |vPrev|, 1)`); and, per target, `Σ_j K[i, j] v_j`
/// over each of its row blocks (`UOTSolver.rowBlockColumns`). Every field is an OR, an AND, a
/// max or a list of block sums, so the replies of consecutive column ranges merge exactly
/// (`merged`), and the row sums fold the blocks in column order whoever computed them.
public struct UOTRoundReply: Sendable, Equatable {
    public var guardFired: Bool
    public var allFinite: Bool
    public var diff: Double
    public var scale: Double
    /// Rows blocks of the reply (`blockSums` holds `targets x blockCount`, target-major).
    public var blockCount: Int
    public var blockSums: [Double]

    public init(guardFired: Bool, allFinite: Bool, diff: Double, scale: Double, blockCount: Int, blockSums: [Double]) {
        self.guardFired = guardFired
        self.allFinite = allFinite
        self.diff = diff
        self.scale = scale
        self.blockCount = blockCount
        self.blockSums = blockSums
    }

    /// The replies of consecutive column ranges, in column order, as one reply over their union.
    public static func merged(_ replies: [UOTRoundReply], targets m: Int) -> UOTRoundReply {
        guard replies.count != 1 else { return replies[0] }
        let count = replies.reduce(0) { $0 + $1.blockCount }
        var sums = [Double](repeating: 0, count: m * count)
        var first = 0
        for reply in replies {
            for i in 0..<m {
                for c in 0..<reply.blockCount { sums[i * count + first + c] = reply.blockSums[i * reply.blockCount + c] }
            }
            first += reply.blockCount
        }
        return UOTRoundReply(
            guardFired: replies.contains { $0.guardFired }, allFinite: replies.allSatisfy(\.allFinite),
            diff: replies.reduce(0) { max($0, $1.diff) }, scale: replies.reduce(1) { max($0, $1.scale) }, blockCount: count, blockSums: sums)
    }

    /// `v`'s relative change, `max |v - vPrev| / max(max |v|, max |vPrev|, 1)`.
    public var change: Double { diff / scale }

    /// `Σ_j K[i, j] v_j` per target: its block sums added in block order.
    public func rowSums(targets m: Int) -> [Double] {
        (0..<m).map { i in
            var sum = 0.0
            for c in 0..<blockCount { sum += blockSums[i * blockCount + c] }
            return sum
        }
    }
}
