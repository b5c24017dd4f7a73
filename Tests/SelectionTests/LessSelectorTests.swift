import LinearAlgebra
import PropertyBased
import Selection
import Testing

@Suite struct LessSelectorTests {
    @Test func labelGroups_FollowFirstAppearance_WithUnequalSizes() throws {
        let groups = try LessGroups.parse(.ints([7, 2, 7, 5, 2, 7]))
        #expect(try groups.members(targetCount: 6) == [[0, 2, 5], [1, 4], [3]])
    }

    @Test func contiguousGroups_SplitTargetsIntoEqualRuns() throws {
        #expect(try LessGroups.contiguous(3).members(targetCount: 6) == [[0, 1], [2, 3], [4, 5]])
        #expect(try LessGroups.parse(.double(2)) == .contiguous(2))
        #expect(try LessGroups.parse(nil) == .each)
        #expect(try LessGroups.parse(.string("all")) == .all)
    }

    /// The best group mean, recomputed naively from the similarity matrix.
    @Test func scores_AreTheBestGroupMean() async {
        await propertyCheck(count: 20, input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...12)) { seed, n in
            let data = SyntheticInput(seed: UInt64(seed), n: n, m: 6, d: 4)
            let labels = (0..<6).map { ($0 * 7 + seed) % 3 }
            let result = try runSelector(LessSelector.self, data.input(), k: n, parameters: ["groups": .ints(labels)])
            let s = try SimilarityMatrix.compute(data.input(), weights: [1])
            let members = try LessGroups.labels(labels).members(targetCount: 6)
            let want = (0..<n).map { j in members.map { g in g.reduce(0.0) { $0 + s[$1, j] } / Double(g.count) }.max() ?? 0 }
            #expect(result.diagnostic("all_scores") == .doubles(want))
            #expect(result.order == Ranking.order(want))
        }
    }

    @Test func doublyGreedyAndMeanTopK_AreLessWithEachAndAll() throws {
        let data = SyntheticInput(seed: 11, n: 25, m: 4, d: 6)
        let each = try runSelector(LessSelector.self, data.input(), k: 10, parameters: ["groups": .string("each")])
        let all = try runSelector(LessSelector.self, data.input(), k: 10, parameters: ["groups": .string("all")])
        #expect(try runSelector(LessDoublyGreedySelector.self, data.input(), k: 10) == each)
        #expect(try runSelector(LessMeanTopKSelector.self, data.input(), k: 10) == all)
        #expect(try runSelector(LessSelector.self, data.input(), k: 10) == each)
        #expect(each != all)
    }

    /// With all other targets pointing away, a zero target row floors every "each" score at 0.
    @Test func zeroTarget_FloorsEachScoreAtZero() throws {
        let candidates = HandInput.matrix([[1, 0], [0.5, 0.5], [1, 0.1]])
        let targets = HandInput.matrix([[-1, -1], [0, 0]])
        let result = try runSelector(LessSelector.self, HandInput.input(candidates: candidates, targets: targets), k: 3)
        #expect(result.scores == [0, 0, 0])
        #expect(result.order == [0, 1, 2])
    }
}
