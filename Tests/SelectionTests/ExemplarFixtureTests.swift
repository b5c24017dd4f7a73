import Testing
import Selection

@Suite struct ExemplarFixtureTests {
    static let cases = [
        "gaussian_sigma_0_5", "knn_exclude", "lore_defaults", "lore_truncated", "mgs_unnormalised",
        "mmr_lambda_0_5", "random_exclude", "zero_query_duplicates",
    ]

    @Test(arguments: cases)
    func ranker_ReproducesGoldenFixture(_ name: String) throws {
        let fixture = try ExemplarFixture.load(name)
        let expected = fixture.expected
        let result = try fixture.run()

        #expect(result.order == expected["order"]?.ints)
        #expect(result.poolSize == expected["pool_size"]?.int)
        if let scores = expected["scores"], !scores.isNull {
            #expect(fixture.close(result.scores, scores.doubles), "scores \(result.scores ?? []) vs \(scores.doubles)")
        } else {
            #expect(result.scores == nil)
        }
        #expect(result.m == expected["m"]?.int)
        #expect(result.firstStage == expected["first_stage"].map(\.ints))
        #expect(result.positions == expected["positions"].map { $0.ints.map(Optional.some) })
        #expect(fixture.close(result.firstStageScores, expected["first_stage_scores"].map(\.doubles)))
        try expectDiagnostics(result, fixture)
    }

    @Test(arguments: cases)
    func preparedPool_ReproducesTheExactPathOnFixture(_ name: String) throws {
        let fixture = try ExemplarFixture.load(name)
        let pool = fixture.pool
        let allowed = try ExemplarFilter.allowedIndices(poolSize: pool.rows, excluding: fixture.exclude)
        let fast = try ExemplarRanker.rank(query: fixture.query, pool: ExemplarPool(pool), allowed: allowed, options: fixture.options)
        #expect(fast == (try fixture.run()))
    }

    private func expectDiagnostics(_ result: ExemplarResult, _ fixture: ExemplarFixture) throws {
        let expected = fixture.expected
        if let lore = expected["lore"] {
            let got = try #require(result.diagnostic("lore"))
            #expect(got["rank"]?.intValue == lore["rank"]?.int)
            #expect(got["lossless"]?.boolValue == lore["lossless"]?.bool)
            if let gap = lore["eigengap"]?.double {
                let actual = try #require(got["eigengap"]?.doubleValue)
                #expect(fixture.close(actual, gap))
            } else {
                #expect(got["eigengap"] == nil)
            }
        } else {
            #expect(result.diagnostic("lore") == nil)
        }
        if let sq = expected["sq_dist"] {
            let got = result.diagnostic("sq_dist")?.arrayValue?.compactMap(\.doubleValue)
            #expect(fixture.close(got, sq.doubles))
        }
        if let score = expected["mgs_subset_score"]?.double {
            let got = try #require(result.diagnostic("mgs_subset_score")?.doubleValue)
            #expect(fixture.close(got, score))
        }
    }
}
