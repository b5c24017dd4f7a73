import Testing
@testable import Storage

@Suite struct EvaluationRepositoryTests {
    /// Migration 2 rebuilds `jobs` (its kind CHECK gains 'evaluation'): a database written by the
    /// first schema keeps every job and every result row.
    @Test func migration2_OverAVersion1Database_KeepsJobsAndTheirResultRows() throws {
        let file = try TemporaryDatabase()
        try file.openPool(migrations: Array(EmbeddedMigrations.all.prefix(1))).write { db in
            // A job and its rows in the version-1 shape (later migrations add columns the current writers fill).
            try db.execute(#"INSERT INTO jobs (id, seq, kind, status, request, created_at) VALUES ('sel', 1, 'selection', 'succeeded', '{"method":"random"}', '2026-01-01T00:00:00.000Z')"#)
            try db.execute("INSERT INTO job_results (job_id, rank, item_id, item_index, score) VALUES ('sel', 1, 'a', 0, 0.5), ('sel', 2, 'b', 1, NULL)")
        }
        let v2 = try file.openPool()
        #expect(try v2.read { try $0.job(id: "sel")?.request } == #"{"method":"random"}"#)
        #expect(try v2.read { try $0.jobResults(jobID: "sel", offset: 0, limit: 10) }.map(\.itemID) == ["a", "b"])
        try v2.write { db in try db.insertJob(id: "ev", kind: .evaluation, request: "{}") }
        #expect(try v2.read { try $0.job(id: "ev")?.kind } == .evaluation)
        // The rebuilt table still cascades to the result rows.
        try v2.write { db in try db.execute("DELETE FROM jobs WHERE id = 'sel'") }
        #expect(try v2.read { try $0.jobResultCount(jobID: "sel") } == 0)
    }

    @Test func evaluationPairs_AreKeptAsFirstStored_AndReadInQueryThenArmOrder() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        let queries = (0..<3).map { EvaluationQueryRow(queryIndex: $0, extID: "q\($0)", question: "question \($0)", gold: "\($0)") }
        try pool.write { db in try db.insertEvaluationJob(id: "ev", request: "{}", queries: queries) }
        #expect(try pool.read { try $0.evaluationQueries(jobID: "ev") } == queries)
        #expect(try pool.read { try $0.evaluationQueries(jobID: "ev", offset: 1, limit: 5) }.map(\.extID) == ["q1", "q2"])
        let first = EvaluationPairRow(queryIndex: 1, armIndex: 0, isError: false, exemplarIDs: #"["e1"]"#, answer: "The answer is 1.",
                                      value: "1", correct: true, latencyMs: 3, promptTokens: 10, completionTokens: 4, cache: "miss")
        let failed = EvaluationPairRow(queryIndex: 0, armIndex: 1, isError: true, exemplarIDs: "[]", error: #"{"type":"upstream_error"}"#)
        try pool.write { db in
            try db.insertEvaluationPair(jobID: "ev", armCount: 2, first)
            try db.insertEvaluationPair(jobID: "ev", armCount: 2, failed)
            // A second write of the same pair (a resumed job) changes nothing.
            try db.insertEvaluationPair(jobID: "ev", armCount: 2, EvaluationPairRow(queryIndex: 1, armIndex: 0, isError: true, exemplarIDs: "[]"))
        }
        #expect(try pool.read { try $0.evaluationPairs(jobID: "ev") } == [failed, first])
        #expect(try pool.read { try $0.evaluationPairs(jobID: "ev", queries: 1..<3) } == [first])
        #expect(try pool.read { try $0.evaluationPairs(jobID: "ev", armCount: 2, from: .afterRank(1), limit: 10) } == [first])
        #expect(try pool.read { try $0.evaluationPairCount(jobID: "ev") } == 2)
    }
}
