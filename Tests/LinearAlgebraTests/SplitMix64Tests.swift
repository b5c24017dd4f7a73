import Testing
@testable import LinearAlgebra

@Suite struct SplitMix64Tests {
    @Test func next_MatchesPublishedVectors_ForSeed0() {
        var g = SplitMix64(seed: 0)
        let got = (0..<5).map { _ in g.next() }
        #expect(got == [16294208416658607535, 7960286522194355700, 487617019471545679, 17909611376780542444, 1961750202426094747])
    }

    @Test func next_MatchesPublishedVectors_ForSeed42() {
        var g = SplitMix64(seed: 42)
        let got = (0..<5).map { _ in g.next() }
        #expect(got == [0xBDD7_3226_2FEB_6E95, 0x28EF_E333_B266_F103, 0x4752_6757_130F_9F52, 0x581C_E1FF_0E4A_E394, 0x09BC_585A_2448_23F2])
    }

    @Test func permutation_MatchesPublishedVectors() {
        #expect(SplitMix64.permutation(10, seed: 0) == [6, 3, 2, 9, 8, 1, 4, 7, 0, 5])
        #expect(SplitMix64.permutation(10, seed: 42) == [0, 9, 5, 8, 6, 4, 7, 2, 1, 3])
    }

    @Test func kfold_MatchesPublishedVector() {
        #expect(SplitMix64.kfold(13, folds: 10, seed: 42) == [[1, 12], [3, 5], [0, 8], [10], [6], [11], [4], [2], [7], [9]])
    }

    @Test func permutation_OfZeroAndOne_AreTrivial() {
        #expect(SplitMix64.permutation(0, seed: 3) == [])
        #expect(SplitMix64.permutation(1, seed: 3) == [0])
    }

    @Test func kfold_WithMoreFoldsThanItems_GivesOneItemPerFold() {
        let folds = SplitMix64.kfold(6, folds: 10, seed: 42)
        #expect(folds.count == 6)
        #expect(folds.allSatisfy { $0.count == 1 })
        #expect(folds.flatMap { $0 }.sorted() == Array(0..<6))
    }
}
