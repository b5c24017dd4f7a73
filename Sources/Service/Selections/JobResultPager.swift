import Storage

/// Walks a job's result rows a page at a time, by rank (`ResultPageStart`), so no page costs more
/// than its own rows. Each page is meant to be read in its own short read transaction: a streamed
/// export then holds a database reader only while it reads, never while it waits on the client.
struct JobResultPager<Row> {
    static var pageRows: Int { 2048 }

    private let readPage: (Database, ResultPageStart, Int) throws -> [Row]
    private let rank: (Row) -> Int
    private var start: ResultPageStart
    private var remaining: Int

    /// `limit` nil: every row from `offset` on.
    init(offset: Int, limit: Int?, rank: @escaping (Row) -> Int, readPage: @escaping (Database, ResultPageStart, Int) throws -> [Row]) {
        self.readPage = readPage
        self.rank = rank
        start = .offset(offset)
        remaining = limit ?? Int.max
    }

    /// The next page; nil once the rows (or the limit) are exhausted.
    mutating func next(_ db: Database) throws -> [Row]? {
        guard remaining > 0 else { return nil }
        let rows = try readPage(db, start, min(remaining, Self.pageRows))
        guard let last = rows.last else { return nil }
        start = .afterRank(rank(last))
        remaining -= rows.count
        return rows
    }
}
