import JSON
import Testing
import TextHashing
@testable import Selection

/// Every golden case of dsir (dsir.md §12) is reproduced through the engine: the selection, its
/// scores and keys, the model's counts, every candidate's token count and score, and the
/// fixtures' tokens; in one block and in blocks of 7 or 13 texts, on 1 to 8 threads, bit-identically.
@Suite struct DSIRFixtureTests {
    static let names = Fixture.names(in: "dsir")

    @Test func theDSIRDirectory_HasItsTenFixtures() {
        #expect(Self.names.count == 10)
    }

    @Test(arguments: names)
    func fixture_IsReproduced_ForEveryBlockSizeAndThreadCount(_ name: String) throws {
        let fixture = try DSIRFixture.load(name)
        let alone = try fixture.run()
        let problems = fixture.mismatches(alone)
        #expect(problems.isEmpty, "\(name): \(problems.prefix(5).joined(separator: "; "))")
        for (blockRows, workers) in [(7, 1), (4096, 2), (7, 3), (13, 8), (1, 4)] {
            #expect(try fixture.run(blockRows: blockRows, workers: workers) == alone, "\(name): blocks of \(blockRows), \(workers) workers")
        }
    }

    @Test(arguments: names)
    func everyCandidatesTokensAndScore_MatchTheFixture(_ name: String) throws {
        let fixture = try DSIRFixture.load(name)
        let p = try DSIRParameters(fixture.methodParameters)
        let pool = WorkerPool(width: 1)
        let target = try DSIRHistogram.count(ArrayTextSource(fixture.targetTexts), p, blockRows: 64, pool: pool, control: .none, stage: "target")
        let raw = try DSIRHistogram.count(ArrayTextSource(fixture.candidateTexts), p, blockRows: 64, pool: pool, control: .none, stage: "count")
        let logRatio = DSIRSelector.logRatio(target: target, raw: raw, smoothing: p.smoothing)
        let features = fixture.candidateTexts.map { DSIRFeatures($0, ngrams: p.ngrams, numBuckets: p.numBuckets) }
        #expect(features.map(\.tokenCount) == fixture.expected.all_tokens)
        let scores = features.map { $0.score(logRatio) }
        let far = zip(scores, fixture.expected.all_scores).enumerated().filter { !fixture.close($0.element.0, $0.element.1) }
        #expect(far.isEmpty, "\(name): scores differ at \(far.prefix(5).map(\.offset))")
        if let tokens = fixture.expected.tokens {
            #expect(fixture.candidateTexts.map(TextTokenizer.tokens) == tokens)
        }
    }

    /// dsir.md §4's test vector and §7's Gumbel draws.
    @Test func theSpecsTestVectors_AreReproduced() {
        #expect(TextTokenizer.tokens("Natalia sold 48 clips") == ["natalia", "sold", "48", "clips"])
        let f = DSIRFeatures("Natalia sold 48 clips", ngrams: 2, numBuckets: 10000)
        #expect(f.buckets == [801, 4815, 4920, 5075, 5563, 7433, 9538])
        #expect(f.counts == [1, 1, 1, 1, 1, 1, 1])
        #expect(FNV1a.hash(Array("natalia".utf8)) == 0x00CC_1ECB_D8FD_94DB)
        let g = [0, 1, 2].map { DSIRSelector.gumbel(seed: 0, index: $0) }
        #expect(g == [2.0868436769674386, 0.17385007634518215, -1.290089817813329])
    }
}
