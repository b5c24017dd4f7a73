import Foundation

/// Turns any question into the FTS5 query `bm25` runs (docs/methods/exemplars-lexical.md §2.2), with the
/// index's own tokenizer: the question goes into a one-row FTS5 table of an in-memory connection
/// and its distinct terms come back from `fts5vocab`, in order of first occurrence. Quoting each
/// term and joining them with OR makes any text safe: FTS5 operators (`AND`, `NEAR`, `*`, `:`, `^`,
/// quotes, brackets) either are separators or become plain quoted strings. The raw question
/// never reaches `MATCH`. The table is contentless and emptied with FTS5's `delete-all`, which
/// drops its index outright: a `DELETE` leaves tombstones that FTS5 merges every few requests,
/// so a few tokenisations in a hundred took dozens of times the median (hybrid's p99 in
/// bench/README-exemplars-route.md).
public final class QueryTokenizer: @unchecked Sendable {
    /// Tokens FTS5 cuts at this many bytes, possibly inside a character: dropped from queries.
    static let tokenByteLimit = 32768
    /// MATCH time grows with the number of phrases; questions have far fewer distinct tokens.
    static let tokenLimit = 1024

    /// One in-memory connection, used by one caller at a time (tokenising takes microseconds).
    private let db: Database
    private let lock = NSLock()

    /// The process's tokenizer: every request shares one connection.
    public static let shared: QueryTokenizer = {
        do { return try QueryTokenizer() } catch { preconditionFailure("cannot open an in-memory SQLite database with FTS5: \(error)") }
    }()

    public init() throws {
        db = try Database(path: ":memory:")
        try db.execute("CREATE VIRTUAL TABLE temp.query_fts USING fts5(question, content = '', tokenize = '\(Database.itemSearchTokenizer)')")
        try db.execute("CREATE VIRTUAL TABLE temp.query_vocab USING fts5vocab(temp, query_fts, instance)")
    }

    /// The distinct tokens of `text`, in order of first occurrence, as the index tokenizes them.
    public func tokens(_ text: String) throws -> [String] {
        lock.lock()
        defer { lock.unlock() }
        try db.execute("INSERT INTO temp.query_fts (query_fts) VALUES ('delete-all')")
        try db.execute("INSERT INTO temp.query_fts (rowid, question) VALUES (1, ?)", [.text(Database.searchableText(text))])
        return try db.fetchAll("""
            SELECT term FROM temp.query_vocab WHERE length(CAST(term AS BLOB)) < \(Self.tokenByteLimit)
            GROUP BY term ORDER BY min(offset) LIMIT \(Self.tokenLimit)
            """, []) { $0.text(at: 0) }
    }

    /// `"t1" OR "t2" ...`, each token quoted (a `"` doubled, though unicode61 never yields one);
    /// nil for no tokens, when no MATCH may run.
    public static func matchExpression(_ tokens: [String]) -> String? {
        guard !tokens.isEmpty else { return nil }
        return tokens.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " OR ")
    }
}
