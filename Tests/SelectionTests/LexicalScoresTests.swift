import PropertyBased
import Testing
@testable import Selection

/// `LexicalScores.ranking`: with a depth (k for bm25, m for hybrid) it keeps only the best
/// matches, and they must be exactly the head of the full ranking, ties to the lower index.
@Suite struct LexicalScoresTests {
    @Test func ranking_WithADepth_IsTheHeadOfTheFullRanking_AndCountsEveryMatch() async {
        // Few distinct scores, so ties are common; `allowed` drops some items.
        let scores = zip(Gen.int(in: 0...60), Gen.int(in: 1...4)).array(of: 0...80)
        let input = zip(scores, Gen.int(in: 0...90), Gen.int(in: 0...3))
        await propertyCheck(count: 300, input: input) { pairs, depth, filter in
            var byIndex: [Int: Double] = [:]
            for (index, score) in pairs { byIndex[index] = Double(score) / 4 }
            let lexical = LexicalScores(queryTokens: ["t"], scoreByIndex: byIndex)
            let allowed: [Int]? = filter == 0 ? nil : (0...60).filter { $0 % (filter + 1) != 0 }
            let full = lexical.ranking(allowed: allowed)
            let head = lexical.ranking(allowed: allowed, depth: depth)
            // The full ranking by hand: score descending, then index ascending.
            let expected = byIndex.filter { allowed?.contains($0.key) ?? true }
                .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            #expect(full.indices == expected.map(\.key))
            #expect(full.scores == expected.map(\.value))
            #expect(head.indices == Array(full.indices.prefix(depth)))
            #expect(head.scores == Array(full.scores.prefix(depth)))
            #expect(head.matchedCount == expected.count)
            #expect(full.matchedCount == expected.count)
        }
    }
}
