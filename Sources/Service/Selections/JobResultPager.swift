import Storage

/// Walks a job's result rows a page at a time, by rank: the first page by offset, the rest by
/// keyset (`rank >` the last one sent), so no page costs more than its own rows. Each page is
/// meant to be read in its own short read transaction: a streamed export then holds a database
/// reader only while it reads, never while it waits on the client.
struct JobResultPager {
    static let pageRows = 2048

    let jobID: String
    private let offset: Int
    private var remaining: Int
    private var lastRank: Int?

    /// `limit` nil: every row from `offset` on.
    init(jobID: String, offset: Int, limit: Int?) {
        self.jobID = jobID
        self.offset = offset
        remaining = limit ?? Int.max
    }

    /// The next page; nil once the rows (or the limit) are exhausted.
    mutating func next(_ db: Database) throws -> [JobResultRow]? {
        guard remaining > 0 else { return nil }
        let count = min(remaining, Self.pageRows)
        let rows = try lastRank.map { try db.jobResults(jobID: jobID, afterRank: $0, limit: count) }
            ?? db.jobResults(jobID: jobID, offset: offset, limit: count)
        guard let last = rows.last else { return nil }
        lastRank = last.rank
        remaining -= rows.count
        return rows
    }
}
