import Foundation
import JSON
import LinearAlgebra
import PropertyBased
@testable import Selection
import Testing

/// dsir's pass 2 scores from the buckets pass 1 spilled (dsir.md §8) or, without a spill, from the
/// texts read again: the two must give the same bytes, and the spill must leave no file behind.
@Suite struct DSIRSpillTests {
    static func run(_ candidates: [String], _ targets: [String], k: Int, params: [String: JSONValue], seed: UInt64,
                    blockRows: Int, workers: Int, spillDirectory: String?) throws -> SelectionResult {
        let texts = SelectionTexts(candidates: ArrayTextSource(candidates), targets: ArrayTextSource(targets), spillDirectory: spillDirectory)
        return try DSIRSelector.select(SelectionInput(texts: texts, blockRows: blockRows, workers: workers), budget: .count(k),
                                       parameters: Parameters(params), seed: seed, control: .none)
    }

    /// A fresh empty directory, removed by the caller.
    static func emptyDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "/dsir-spill-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        return path
    }

    @Test func scoresFromTheSpill_AreTheScoresFromTheTextsReadAgain() async throws {
        let directory = try Self.emptyDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        await propertyCheck(count: 30, input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...90)) { seed, n in
            // Short texts (some below min_tokens, some empty) and, every 17th, one word 5,000 times:
            // more than one spill entry holds that bucket's count.
            var candidates = DSIRPropertyTests.texts(seed: UInt64(seed), count: n)
            for i in stride(from: seed % 17, to: n, by: 17) { candidates[i] = Array(repeating: "sold", count: 5000).joined(separator: " ") }
            let targets = DSIRPropertyTests.texts(seed: UInt64(seed) &+ 1, count: 5) + ["sold clips"]
            for mode in ["top", "sample"] {
                let params: [String: JSONValue] = ["mode": .string(mode), "min_tokens": .int(seed % 4), "ngrams": .int(1 + seed % 3),
                                                   "num_buckets": .int([7, 64, 1_048_576][seed % 3])]
                let k = 1 + seed % n
                let (blockRows, workers) = [(4096, 1), (5, 2), (1, 3), (64, 2)][seed % 4]
                let reread = try Self.run(candidates, targets, k: k, params: params, seed: UInt64(seed), blockRows: blockRows,
                                          workers: workers, spillDirectory: nil)
                let spilled = try Self.run(candidates, targets, k: k, params: params, seed: UInt64(seed), blockRows: blockRows,
                                           workers: workers, spillDirectory: directory)
                #expect(spilled == reread, "\(mode), \(blockRows) rows a block, \(workers) workers")
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty, "the spill file is unlinked when it is made")
    }

    @Test func theBucketSort_OrdersLikeTheComparisonSort_ForEveryBucketCount() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...1_000_000), Gen.int(in: 0...700)) { seed, n in
            let numBuckets = [1, 2, 7, 255, 256, 257, 10_000, 65_536, 65_537, 1_048_576][seed % 10]
            var g = SplitMix64(seed: UInt64(seed))
            var buckets = (0..<n).map { _ in Int(g.uniform(below: UInt64(numBuckets))) }
            let expected = buckets.sorted()
            var scratch: [Int] = []
            DSIRSpill.sortBuckets(&buckets, scratch: &scratch, numBuckets: numBuckets)
            #expect(buckets == expected, "\(n) buckets of \(numBuckets)")
        }
    }

    @Test func aSpillDirectoryThatCannotHoldAFile_FallsBackToReadingTheTextsAgain() throws {
        let candidates = DSIRPropertyTests.texts(seed: 9, count: 50)
        let targets = ["river king", "clips sold"]
        let params: [String: JSONValue] = ["mode": .string("sample")]
        let reread = try Self.run(candidates, targets, k: 10, params: params, seed: 3, blockRows: 8, workers: 2, spillDirectory: nil)
        let missing = try Self.run(candidates, targets, k: 10, params: params, seed: 3, blockRows: 8, workers: 2,
                                   spillDirectory: "/nonexistent-\(UUID().uuidString)")
        #expect(missing == reread)
        #expect(reread.order.count == 10)
    }
}
