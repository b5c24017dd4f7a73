extension Database {
    private static let pairColumns = """
        query_index, arm_index, status, exemplar_ids, answer, value, correct, latency_ms, prompt_tokens, completion_tokens, cache, error
        """

    /// Inserts a job together with its labelled queries in one transaction: a request that fails
    /// half way stores nothing.
    @discardableResult
    public func insertEvaluationJob(id: String, request: String, queries: [EvaluationQueryRow]) throws -> JobRecord {
        try transaction {
            let job = try insertJob(id: id, kind: .evaluation, request: request)
            let statement = try prepare("INSERT INTO evaluation_queries (job_id, query_index, ext_id, question, gold) VALUES (?, ?, ?, ?, ?)")
            for q in queries {
                statement.reset()
                try statement.bind([.text(id), .int(q.queryIndex), .text(q.extID), .text(q.question), .text(q.gold)])
                while try statement.step() {}
            }
            return job
        }
    }

    public func evaluationQueries(jobID: String) throws -> [EvaluationQueryRow] {
        try fetchAll("SELECT query_index, ext_id, question, gold FROM evaluation_queries WHERE job_id = ? ORDER BY query_index",
                     [.text(jobID)], Self.queryRow)
    }

    /// At most `limit` queries from position `offset` (the json result's page of queries).
    public func evaluationQueries(jobID: String, offset: Int, limit: Int) throws -> [EvaluationQueryRow] {
        try fetchAll("""
            SELECT query_index, ext_id, question, gold FROM evaluation_queries WHERE job_id = ? ORDER BY query_index LIMIT ? OFFSET ?
            """, [.text(jobID), .int(limit), .int(offset)], Self.queryRow)
    }

    public func evaluationQueryCount(jobID: String) throws -> Int {
        try fetchInt("SELECT count(*) FROM evaluation_queries WHERE job_id = ?", [.text(jobID)])
    }

    /// Records one finished pair in its own transaction. A pair already stored is kept as it was
    /// (a job resumed after a crash never overwrites what it found).
    public func insertEvaluationPair(jobID: String, armCount: Int, _ row: EvaluationPairRow) throws {
        try execute("""
            INSERT OR IGNORE INTO evaluation_pairs (job_id, pos, \(Self.pairColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(jobID), .int(row.position(armCount: armCount)), .int(row.queryIndex), .int(row.armIndex),
                  .text(row.isError ? "error" : "ok"), .text(row.exemplarIDs), .optionalText(row.answer), .optionalText(row.value),
                  .optionalInt(row.correct.map { $0 ? 1 : 0 }), .optionalReal(row.latencyMs), .optionalInt(row.promptTokens),
                  .optionalInt(row.completionTokens), .optionalText(row.cache), .optionalText(row.error)])
    }

    /// Every stored pair in export order (query, then arm).
    public func evaluationPairs(jobID: String) throws -> [EvaluationPairRow] {
        try fetchAll("SELECT \(Self.pairColumns) FROM evaluation_pairs WHERE job_id = ? ORDER BY pos", [.text(jobID)], Self.pairRow)
    }

    /// The pairs of queries `queries` (a json result page).
    public func evaluationPairs(jobID: String, queries: Range<Int>) throws -> [EvaluationPairRow] {
        try fetchAll("""
            SELECT \(Self.pairColumns) FROM evaluation_pairs WHERE job_id = ? AND query_index >= ? AND query_index < ? ORDER BY pos
            """, [.text(jobID), .int(queries.lowerBound), .int(queries.upperBound)], Self.pairRow)
    }

    /// At most `limit` pairs in export order from `start` (an ndjson/csv page; ranks are positions).
    public func evaluationPairs(jobID: String, armCount: Int, from start: ResultPageStart, limit: Int) throws -> [EvaluationPairRow] {
        try PageCursor.validate(limit: limit)
        switch start {
        case .offset(let offset):
            return try fetchAll("SELECT \(Self.pairColumns) FROM evaluation_pairs WHERE job_id = ? ORDER BY pos LIMIT ? OFFSET ?",
                                [.text(jobID), .int(limit), .int(offset)], Self.pairRow)
        case .afterRank(let pos):
            return try fetchAll("SELECT \(Self.pairColumns) FROM evaluation_pairs WHERE job_id = ? AND pos > ? ORDER BY pos LIMIT ?",
                                [.text(jobID), .int(pos), .int(limit)], Self.pairRow)
        }
    }

    public func evaluationPairCount(jobID: String) throws -> Int {
        try fetchInt("SELECT count(*) FROM evaluation_pairs WHERE job_id = ?", [.text(jobID)])
    }

    private static func queryRow(_ row: Statement) -> EvaluationQueryRow {
        EvaluationQueryRow(queryIndex: row.int(at: 0), extID: row.text(at: 1), question: row.text(at: 2), gold: row.text(at: 3))
    }

    private static func pairRow(_ row: Statement) -> EvaluationPairRow {
        EvaluationPairRow(
            queryIndex: row.int(at: 0), armIndex: row.int(at: 1), isError: row.text(at: 2) == "error", exemplarIDs: row.text(at: 3),
            answer: row.optionalText(at: 4), value: row.optionalText(at: 5), correct: row.optionalInt(at: 6).map { $0 != 0 },
            latencyMs: row.optionalDouble(at: 7), promptTokens: row.optionalInt(at: 8), completionTokens: row.optionalInt(at: 9),
            cache: row.optionalText(at: 10), error: row.optionalText(at: 11))
    }
}
