/// The bm25 index of each pool's item questions (docs/methods/exemplars-lexical.md §2.1): one FTS5 table
/// per pool, never shared, so its statistics (row count, average length, per-token document
/// counts) are exactly the pool's. Every live item has one row (an absent question is ""), keyed by
/// the item's row id; the item writes below keep it in step inside their own transaction, so a
/// crash cannot leave the two apart.
extension Database {
    /// FTS5's own tokenizer with diacritics folded on every code point (`2`; `1` misses code points
    /// carrying several), no stemmer (OpenICL does not stem).
    static let itemSearchTokenizer = "unicode61 remove_diacritics 2"

    /// The table of pool `poolID`; pool ids are integers, so the name needs no quoting.
    static func itemSearchTable(poolID: Int64) -> String { "item_search_\(poolID)" }

    /// A NUL would end the text for FTS5's tokenizer; a space separates tokens just as it does.
    static func searchableText(_ question: String?) -> String {
        guard let question else { return "" }
        guard question.utf8.contains(0) else { return question }
        var scalars = String.UnicodeScalarView()
        for s in question.unicodeScalars { scalars.append(s.value == 0 ? " " : s) }
        return String(scalars)
    }

    /// Creates pool `poolID`'s (empty) table, replacing any left by an earlier pool of that id.
    func createItemSearchTable(poolID: Int64) throws {
        let table = Self.itemSearchTable(poolID: poolID)
        try execute("DROP TABLE IF EXISTS main.\(table)")
        try execute("CREATE VIRTUAL TABLE main.\(table) USING fts5(question, tokenize = '\(Self.itemSearchTokenizer)')")
    }

    func dropItemSearchTable(poolID: Int64) throws {
        try execute("DROP TABLE IF EXISTS main.\(Self.itemSearchTable(poolID: poolID))")
    }

    /// Puts an item's current question in the index (replacing what it held for that row).
    func indexItemQuestion(poolID: Int64, rowID: Int64, question: String?) throws {
        let table = Self.itemSearchTable(poolID: poolID)
        try execute("DELETE FROM main.\(table) WHERE rowid = ?", [.integer(rowID)])
        try execute("INSERT INTO main.\(table) (rowid, question) VALUES (?, ?)", [.integer(rowID), .text(Self.searchableText(question))])
    }

    func unindexItem(poolID: Int64, rowID: Int64) throws {
        try execute("DELETE FROM main.\(Self.itemSearchTable(poolID: poolID)) WHERE rowid = ?", [.integer(rowID)])
    }

    /// Builds pool `poolID`'s table afresh from its items (the item_search migration, for pools
    /// that existed before it).
    public func rebuildItemSearch(poolID: Int64) throws {
        try transaction {
            try createItemSearchTable(poolID: poolID)
            let statement = try prepare("SELECT id, question FROM items WHERE pool_id = ? ORDER BY id")
            try statement.bind(poolID, at: 1)
            while try statement.step() {
                try indexItemQuestion(poolID: poolID, rowID: statement.int64(at: 0), question: statement.optionalText(at: 1))
            }
        }
    }

    /// Indexes every pool: the data step of the item_search migration.
    static func indexAllPools(_ db: Database) throws {
        for poolID in try db.fetchAll("SELECT id FROM pools ORDER BY id", [], { $0.int64(at: 0) }) {
            try db.rebuildItemSearch(poolID: poolID)
        }
    }

    /// `(row id, -bm25)` of every item of pool `poolID` matching `match` (an FTS5 query built by
    /// `QueryTokenizer.matchExpression`, never user text), in row-id order. Scores are > 0.
    public func itemSearchScores(poolID: Int64, match: String) throws -> [(rowID: Int64, score: Double)] {
        let table = Self.itemSearchTable(poolID: poolID)
        return try fetchAll("SELECT rowid, bm25(\(table)) FROM main.\(table) WHERE \(table) MATCH ? ORDER BY rowid", [.text(match)]) {
            (rowID: $0.int64(at: 0), score: -$0.double(at: 1))
        }
    }

    /// `(row id, indexed text)` of every row of pool `poolID`'s table, by row id (what the
    /// index holds, for checks against the items table).
    public func itemSearchRows(poolID: Int64) throws -> [(rowID: Int64, question: String)] {
        let table = Self.itemSearchTable(poolID: poolID)
        return try fetchAll("SELECT rowid, question FROM main.\(table) ORDER BY rowid", []) { (rowID: $0.int64(at: 0), question: $0.text(at: 1)) }
    }
}
