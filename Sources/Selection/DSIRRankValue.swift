/// What dsir ranks its candidates by (the score in `top`, score + Gumbel in `sample`), carrying
/// the score along so the result needs no third pass. Compared by `key` alone.
struct DSIRRankValue: Comparable {
    let key: Double
    let score: Double

    static func < (a: Self, b: Self) -> Bool { a.key < b.key }
    static func == (a: Self, b: Self) -> Bool { a.key == b.key }
}
