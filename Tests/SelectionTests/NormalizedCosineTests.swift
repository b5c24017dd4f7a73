import Testing
@testable import Selection

/// Cosines of normalised candidates as wide as a request body allows, block by block
/// (`ExemplarCandidates.normalizedCosines`): the bits of the dots over whole normalised copies.
@Suite struct NormalizedCosineTests {
    /// Five rows of 40,000 normalised doubles are 1.6 MB: two blocks; candidate 3 repeats candidate 1.
    static let candidates = ExemplarCandidates(
        dim: LoreBlockTests.dim, query: LoreBlockTests.data.query, rows: LoreBlockTests.data.rows, innerProducts: [0, 0, 0, 0])

    /// Dots of whole `ExemplarDot.normalized` copies, as mmr and dpp took them.
    static func wholeCopyCosines(_ c: ExemplarCandidates) -> (query: [Double], pairs: [Double]) {
        let d = c.dim, m = c.count
        let q = ExemplarDot.normalized(c.query)
        let rows = (0..<m).flatMap { ExemplarDot.normalized(c.row($0)) }
        return q.withUnsafeBufferPointer { qp in
            rows.withUnsafeBufferPointer { rp in
                let qb = qp.baseAddress!, rb = rp.baseAddress!
                let query = (0..<m).map { ExemplarDot.double(qb, rb + $0 * d, count: d) }
                let pairs = (0..<(m * m)).map { ExemplarDot.double(rb + ($0 / m) * d, rb + ($0 % m) * d, count: d) }
                return (query, pairs)
            }
        }
    }

    @Test func blockwiseCosines_EqualTheWholeCopiesDots_BitForBit() {
        let c = Self.candidates
        #expect(!c.normalizedCopiesFit)
        let whole = Self.wholeCopyCosines(c)
        let blocks = c.normalizedCosines()
        #expect(blocks.query == whole.query)
        #expect(blocks.pairs == whole.pairs)
        #expect(c.normalizedCosines(blockBytes: 1 << 30) == blocks)
        #expect(blocks.query[1] == blocks.query[3])
    }

    @Test func mmrOfWideCandidates_PicksAsOverWholeCopies() {
        let c = Self.candidates
        let whole = Self.wholeCopyCosines(c)
        for lambda in [0.0, 0.3, 1.0] {
            let expected = MMRReranker.select(m: 4, k: 4, lambda: lambda, relevance: whole.query) { whole.pairs[$0 * 4 + $1] }
            #expect(MMRReranker.rerank(c, k: 4, lambda: lambda) == expected)
        }
    }
}
