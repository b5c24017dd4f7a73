import PropertyBased
import Testing
@testable import Storage

/// The per-pool FTS5 table of item questions (docs/methods/exemplars-lexical.md §2.1) against the
/// items table it mirrors.
@Suite struct ItemSearchTests {
    /// What the search table must hold: one row per live item, its question with NULs as spaces.
    static func expectedRows(_ db: Database, poolID: Int64) throws -> [SearchRow] {
        try db.fetchAll("SELECT id, question FROM items WHERE pool_id = ? ORDER BY id", [.integer(poolID)]) {
            SearchRow(rowID: $0.int64(at: 0), question: Database.searchableText($0.optionalText(at: 1)))
        }
    }

    static func indexedRows(_ db: Database, poolID: Int64) throws -> [SearchRow] {
        try db.itemSearchRows(poolID: poolID).map { SearchRow(rowID: $0.rowID, question: $0.question) }
    }

    static func scores(_ db: Database, poolID: Int64, _ question: String) throws -> [SearchHit] {
        guard let match = QueryTokenizer.matchExpression(try QueryTokenizer.shared.tokens(question)) else { return [] }
        return try db.itemSearchScores(poolID: poolID, match: match).map { SearchHit(rowID: $0.rowID, score: $0.score) }
    }

    static let questions: [String?] = [nil, "", "How many apples does Zoë have?", "apples\u{0}pears NEAR(\"x\")", "Café apples AND pears"]

    @Test func searchTable_AgreesWithItems_AfterRandomUpsertsAndDeletes_AndScoresAsIfRebuilt() async throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        // Each step: (0 = delete, 1...3 = upsert) an item id 0...7 with one of the questions.
        let steps = zip(Gen.int(in: 0...3), Gen.int(in: 0...7), Gen.int(in: 0...(Self.questions.count - 1))).array(of: 1...30)
        var round = 0
        await propertyCheck(count: 40, input: steps) { steps in
            round += 1
            let created = try pool.write { try $0.createPool(name: "p\(round)") }
            for (kind, id, q) in steps {
                try pool.write { db in
                    if kind == 0 {
                        try db.deleteItem(poolID: created.id, extID: "i\(id)")
                    } else {
                        try db.upsertItems(poolID: created.id, [ItemInput(extID: "i\(id)", question: Self.questions[q], answer: "a")])
                    }
                }
            }
            let (indexed, expected, kept, rebuilt) = try pool.write { db in
                let indexed = try Self.indexedRows(db, poolID: created.id), expected = try Self.expectedRows(db, poolID: created.id)
                // FTS5 keeps exact statistics through deletes: a rebuilt table scores the same.
                let kept = try Self.scores(db, poolID: created.id, "apples pears zoe cafe")
                try db.rebuildItemSearch(poolID: created.id)
                return (indexed, expected, kept, try Self.scores(db, poolID: created.id, "apples pears zoe cafe"))
            }
            #expect(indexed == expected)
            #expect(rebuilt == kept)
        }
    }

    @Test func searchTable_AfterAConnectionDiesMidUpsert_HoldsWhatTheItemsHold() throws {
        let file = try TemporaryDatabase()
        let created = try file.openPool().write { db in
            let p = try db.createPool(name: "p")
            try db.upsertItems(poolID: p.id, Fixtures.items(["a", "b"]))
            return p
        }
        do {
            // A writer that never commits: its connection closes mid-transaction, as in a crash.
            let dying = try file.openConnection()
            try dying.execute("BEGIN IMMEDIATE")
            try dying.upsertItems(poolID: created.id, [ItemInput(extID: "c", question: "new words"), ItemInput(extID: "a", question: "changed")])
            _ = try dying.deleteItem(poolID: created.id, extID: "b")
        }
        let reopened = try file.openPool()
        let (indexed, expected, count) = try reopened.read { db in
            (try Self.indexedRows(db, poolID: created.id), try Self.expectedRows(db, poolID: created.id), try db.itemCount(poolID: created.id))
        }
        #expect(indexed == expected)
        #expect(count == 2)
    }

    @Test func upsert_ThatFailsPartWay_RollsBackItsSearchRows() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        let created = try pool.write { try $0.createPool(name: "p") }
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try pool.write { db in
                try db.transaction {
                    try db.upsertItems(poolID: created.id, Fixtures.items(["x", "y"]))
                    throw Abort()
                }
            }
        }
        let (indexed, items) = try pool.read { db in (try db.itemSearchRows(poolID: created.id).count, try Self.expectedRows(db, poolID: created.id).count) }
        #expect(indexed == 0 && items == 0)
    }

    @Test func migration_IndexesThePoolsThatExistedBeforeIt() throws {
        let file = try TemporaryDatabase()
        let search = try #require(EmbeddedMigrations.all.first { $0.name == "item_search" })
        let before = EmbeddedMigrations.all.filter { $0.version < search.version }
        let poolID = try file.openPool(migrations: before).write { db -> Int64 in
            // Written as an older binary wrote them: no search table.
            try db.execute("INSERT INTO pools (name, created_at) VALUES ('old', '2026-01-01T00:00:00.000Z')")
            let id = db.lastInsertRowID
            for (n, q) in ["Zoë sells apples", "", "pears\u{0}plums"].enumerated() {
                try db.execute("INSERT INTO items (pool_id, ext_id, question) VALUES (?, ?, ?)", [.integer(id), .text("i\(n)"), .text(q)])
            }
            try db.execute("INSERT INTO items (pool_id, ext_id, question) VALUES (?, 'none', NULL)", [.integer(id)])
            return id
        }
        let (rows, expected, hits) = try file.openPool().read { db in
            (try Self.indexedRows(db, poolID: poolID), try Self.expectedRows(db, poolID: poolID), try Self.scores(db, poolID: poolID, "ZOE plums"))
        }
        #expect(rows.count == 4)
        #expect(rows == expected)
        #expect(hits.count == 2)
    }

    @Test func deletePool_DropsItsSearchTable_AndAPoolOfTheSameIDStartsEmpty() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        let first = try pool.write { db in
            let p = try db.createPool(name: "p")
            try db.upsertItems(poolID: p.id, Fixtures.items(["a", "b"]))
            return p
        }
        try pool.write { db in _ = try db.deletePool(named: "p") }
        let table = Database.itemSearchTable(poolID: first.id)
        #expect(try pool.read { try $0.fetchInt("SELECT count(*) FROM sqlite_schema WHERE name = ?", [.text(table)]) } == 0)
        let second = try pool.write { try $0.createPool(name: "q") }
        #expect(try pool.read { try $0.itemSearchRows(poolID: second.id) }.isEmpty)
    }

    @Test func tokens_FoldCaseAndDiacritics_Distinct_InOrderOfFirstOccurrence() throws {
        let tokens = try QueryTokenizer.shared.tokens("Zoë's café: ZOË, zoe; Café AND near(x) quokkas quokka")
        #expect(tokens == ["zoe", "s", "cafe", "and", "near", "x", "quokkas", "quokka"])
    }

    @Test func tokens_OfPunctuationNULAndOverlongWords_AreSeparatorsOrDropped() throws {
        #expect(try QueryTokenizer.shared.tokens("¿¡?! … — *** \"\" ( ) :^ 😀").isEmpty)
        #expect(try QueryTokenizer.shared.tokens("a\u{0}b") == ["a", "b"])
        let long = String(repeating: "x", count: 40_000)
        #expect(try QueryTokenizer.shared.tokens("short \(long) word") == ["short", "word"])
        let many = (0..<1500).map { "w\($0)" }.joined(separator: " ")
        #expect(try QueryTokenizer.shared.tokens(many).count == 1024)
    }

    @Test func matchExpression_QuotesEveryToken_AndIsNilWithoutTokens() {
        #expect(QueryTokenizer.matchExpression(["natalia", "and", "say\"s"]) == "\"natalia\" OR \"and\" OR \"say\"\"s\"")
        #expect(QueryTokenizer.matchExpression([]) == nil)
    }
}
