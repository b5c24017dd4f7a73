import LinearAlgebra
import Selection
import Testing

@Suite struct RandomSelectorTests {
    @Test func order_IsThePermutationPrefix_OfTheSpecTestVectors() throws {
        let data = SyntheticInput(seed: 1, n: 10, m: 2, d: 3)
        #expect(try runSelector(RandomSelector.self, data.input(), k: 10, seed: 0).order == [6, 3, 2, 9, 8, 1, 4, 7, 0, 5])
        #expect(try runSelector(RandomSelector.self, data.input(), k: 4, seed: 42).order == [0, 9, 5, 8])
    }

    @Test func missingSeed_MeansSeedZero_AndScoresAreNull() throws {
        let data = SyntheticInput(seed: 2, n: 10, m: 2, d: 3)
        let result = try runSelector(RandomSelector.self, data.input(), k: 6)
        #expect(result.order == Array(SplitMix64.permutation(10, seed: 0).prefix(6)))
        #expect(result.scores == nil)
    }

    @Test func targets_AreNotRequired() throws {
        let input = HandInput.input(targets: Matrix(rows: 0, cols: 2))
        #expect(!RandomSelector.requiresTargets)
        #expect(try runSelector(RandomSelector.self, input, k: 3, seed: 5).order.count == 3)
    }
}
