import Testing
import PropertyBased
import LinearAlgebra
@testable import Selection

@Suite struct TAROTTopKTests {
    @Test func keptIndices_AreThePrefixOfTheFullRanking() async {
        await propertyCheck(count: 60, input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...60), Gen.int(in: 1...70)) { seed, n, capacity in
            var random = RandomRows(seed: UInt64(seed))
            // Coarse values so that ties occur and must resolve by index.
            let scores = (0..<n).map { _ in Double(random.value()).rounded() }
            var heap = TAROTTopK(capacity: capacity)
            for (i, s) in scores.enumerated() { heap.push(s, i) }
            let full = scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
            #expect(heap.sortedIndices() == Array(full.prefix(capacity)))
        }
    }
}
