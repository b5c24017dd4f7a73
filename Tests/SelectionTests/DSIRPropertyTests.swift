import JSON
import LinearAlgebra
import PropertyBased
import Selection
import Testing

/// dsir (dsir.md §5-§7): a candidate's score depends on its text and the two models only, so
/// reordering the pool permutes the scores and nothing else; selections are prefix-stable.
@Suite struct DSIRPropertyTests {
    static let words = ["clips", "sold", "Natalia", "river", "king", "48", "May", "how", "many", "école", "?!", "the", "x²", "日本"]

    /// `n` texts of 0 to 11 words drawn from a small vocabulary (so buckets repeat and texts tie).
    static func texts(seed: UInt64, count n: Int) -> [String] {
        var g = SplitMix64(seed: seed)
        return (0..<n).map { _ in
            (0..<Int(g.uniform(below: 12))).map { _ in words[Int(g.uniform(below: UInt64(words.count)))] }.joined(separator: " ")
        }
    }

    static func run(_ candidates: [String], _ targets: [String], k: Int, params: [String: JSONValue], seed: UInt64 = 0,
                    blockRows: Int = 4096) throws -> SelectionResult {
        let texts = SelectionTexts(candidates: ArrayTextSource(candidates), targets: ArrayTextSource(targets))
        return try DSIRSelector.select(SelectionInput(texts: texts, blockRows: blockRows), budget: .count(k),
                                       parameters: Parameters(params), seed: seed, control: .none)
    }

    /// Each candidate index's score, from a selection of every candidate.
    static func scoreByIndex(_ result: SelectionResult) -> [Int: Double] {
        Dictionary(uniqueKeysWithValues: zip(result.order, result.scores ?? []))
    }

    @Test func scores_AreInvariantToCandidateOrder_UpToThePermutation() async {
        await propertyCheck(count: 40, input: Gen.int(in: 0...1_000_000), Gen.int(in: 2...60)) { seed, n in
            let candidates = Self.texts(seed: UInt64(seed), count: n)
            let targets = Self.texts(seed: UInt64(seed) &+ 1, count: 5) + ["clips sold"]
            let permutation = SplitMix64.permutation(n, seed: UInt64(seed) &+ 2)
            let params: [String: JSONValue] = ["mode": .string("top"), "min_tokens": .int(0), "ngrams": .int(1 + seed % 3),
                                               "num_buckets": .int([7, 64, 10000][seed % 3])]
            let straight = Self.scoreByIndex(try Self.run(candidates, targets, k: n, params: params))
            let permuted = Self.scoreByIndex(try Self.run(permutation.map { candidates[$0] }, targets, k: n, params: params, blockRows: 5))
            for (position, original) in permutation.enumerated() {
                #expect(permuted[position] == straight[original], "candidate \(original) at position \(position)")
            }
        }
    }

    @Test func bothModes_ArePrefixStable_ForAFixedSeed() async {
        await propertyCheck(count: 30, input: Gen.int(in: 0...1_000_000), Gen.int(in: 3...50)) { seed, n in
            let candidates = Self.texts(seed: UInt64(seed), count: n)
            let targets = Self.texts(seed: UInt64(seed) &+ 1, count: 4) + ["river king"]
            for mode in ["top", "sample"] {
                let params: [String: JSONValue] = ["mode": .string(mode), "min_tokens": .int(0)]
                let all = try Self.run(candidates, targets, k: n, params: params, seed: UInt64(seed))
                let some = try Self.run(candidates, targets, k: n / 2, params: params, seed: UInt64(seed), blockRows: 3)
                #expect(Array(all.order.prefix(n / 2)) == some.order, "\(mode)")
            }
        }
    }

    @Test func textsThatDifferOnlyInCaseAndSeparators_TieExactly_LowerIndexFirst() throws {
        let result = try Self.run(["River KING.", "the", "river, king!", "x"], ["the river", "a king"], k: 4,
                                  params: ["mode": .string("top")])
        let scores = Self.scoreByIndex(result)
        #expect(scores[0] == scores[2])
        let first = try #require(result.order.firstIndex(of: 0))
        let second = try #require(result.order.firstIndex(of: 2))
        #expect(first + 1 == second)
    }
}
