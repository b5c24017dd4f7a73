extension Database {
    /// Result rows by rank joined with their items in `poolID` (by id, through the pool's unique
    /// (pool_id, ext_id) index): the selected data itself, for `include=items`.
    private static let resultItemsFrom = """
        SELECT r.rank, r.item_id, r.item_index, r.score, r.weight, r.picked_by, r.round,
               i.id, i.question, i.answer, i.text, i.metadata
        FROM job_results r LEFT JOIN items i ON i.pool_id = ? AND i.ext_id = r.item_id
        WHERE r.job_id = ?
        """
    private static let resultItemsSelect = "\(resultItemsFrom) ORDER BY r.rank"

    /// `offset` rows skipped, at most `limit` returned.
    public func jobResultItems(jobID: String, poolID: Int64, offset: Int, limit: Int) throws -> [JobResultItemRow] {
        guard offset >= 0 else { throw StorageError.invalidArgument(parameter: "offset", reason: "must not be negative") }
        try PageCursor.validate(limit: limit)
        return try fetchAll("\(Self.resultItemsSelect) LIMIT ? OFFSET ?",
                            [.integer(poolID), .text(jobID), .int(limit), .int(offset)], Self.resultItemRow)
    }

    /// At most `limit` joined rows by rank from `start` (see `jobResults(jobID:from:limit:)`).
    public func jobResultItems(jobID: String, poolID: Int64, from start: ResultPageStart, limit: Int) throws -> [JobResultItemRow] {
        switch start {
        case .offset(let offset): return try jobResultItems(jobID: jobID, poolID: poolID, offset: offset, limit: limit)
        case .afterRank(let rank):
            try PageCursor.validate(limit: limit)
            return try fetchAll("\(Self.resultItemsFrom) AND r.rank > ? ORDER BY r.rank LIMIT ?",
                                [.integer(poolID), .text(jobID), .int(rank), .int(limit)], Self.resultItemRow)
        }
    }

    /// Every joined row by rank, one at a time, without holding them all (for streaming).
    public func forEachJobResultItem(jobID: String, poolID: Int64, _ body: (JobResultItemRow) throws -> Void) throws {
        let statement = try prepare(Self.resultItemsSelect)
        try statement.bind(poolID, at: 1)
        try statement.bind(jobID, at: 2)
        while try statement.step() { try body(Self.resultItemRow(statement)) }
    }

    private static func resultItemRow(_ row: Statement) -> JobResultItemRow {
        let result = resultRow(row)
        guard row.optionalInt(at: 7) != nil else { return JobResultItemRow(result: result, content: nil) }
        return JobResultItemRow(result: result, content: SelectedItemContent(
            question: row.optionalText(at: 8), answer: row.optionalText(at: 9), text: row.optionalText(at: 10), metadata: row.optionalText(at: 11)))
    }
}
