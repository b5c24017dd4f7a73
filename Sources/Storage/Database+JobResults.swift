extension Database {
    private static let resultColumns = "rank, item_id, item_index, score, weight, picked_by, round"

    /// Stores a batch of result rows in one transaction (call it per batch for a large result, or
    /// wrap several calls in one `transaction`).
    public func insertJobResults(jobID: String, _ rows: [JobResultRow]) throws {
        try transaction {
            for row in rows {
                try execute("""
                    INSERT INTO job_results (job_id, rank, item_id, item_index, score, weight, picked_by, round)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, [.text(jobID), .int(row.rank), .text(row.itemID), .int(row.itemIndex),
                          .optionalReal(row.score), .optionalReal(row.weight), .optionalInt(row.pickedBy), .optionalInt(row.round)])
            }
        }
    }

    /// Drops a job's result rows: a job run again after a crash starts from none.
    public func deleteJobResults(jobID: String) throws {
        try execute("DELETE FROM job_results WHERE job_id = ?", [.text(jobID)])
    }

    public func jobResultCount(jobID: String) throws -> Int {
        try fetchInt("SELECT count(*) FROM job_results WHERE job_id = ?", [.text(jobID)])
    }

    /// Result rows by rank: `offset` rows skipped, at most `limit` returned.
    public func jobResults(jobID: String, offset: Int, limit: Int) throws -> [JobResultRow] {
        guard offset >= 0 else { throw StorageError.invalidArgument(parameter: "offset", reason: "must not be negative") }
        try PageCursor.validate(limit: limit)
        return try fetchAll("SELECT \(Self.resultColumns) FROM job_results WHERE job_id = ? ORDER BY rank LIMIT ? OFFSET ?",
                            [.text(jobID), .int(limit), .int(offset)], Self.resultRow)
    }

    /// At most `limit` result rows by rank from `start`: pages of a long export, each read in its
    /// own short transaction.
    public func jobResults(jobID: String, from start: ResultPageStart, limit: Int) throws -> [JobResultRow] {
        switch start {
        case .offset(let offset): return try jobResults(jobID: jobID, offset: offset, limit: limit)
        case .afterRank(let rank):
            try PageCursor.validate(limit: limit)
            return try fetchAll("SELECT \(Self.resultColumns) FROM job_results WHERE job_id = ? AND rank > ? ORDER BY rank LIMIT ?",
                                [.text(jobID), .int(rank), .int(limit)], Self.resultRow)
        }
    }

    /// Every result row by rank, one at a time, without holding them all (for ndjson/csv streaming).
    public func forEachJobResult(jobID: String, _ body: (JobResultRow) throws -> Void) throws {
        let statement = try prepare("SELECT \(Self.resultColumns) FROM job_results WHERE job_id = ? ORDER BY rank")
        try statement.bind(jobID, at: 1)
        while try statement.step() { try body(Self.resultRow(statement)) }
    }

    /// A row of `resultColumns` (the joined item reads use the same first seven columns).
    static func resultRow(_ row: Statement) -> JobResultRow {
        JobResultRow(rank: row.int(at: 0), itemID: row.text(at: 1), itemIndex: row.int(at: 2),
                     score: row.optionalDouble(at: 3), weight: row.optionalDouble(at: 4), pickedBy: row.optionalInt(at: 5),
                     round: row.optionalInt(at: 6))
    }
}
