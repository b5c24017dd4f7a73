import Foundation
import PropertyBased
import Testing
@testable import Storage

/// The in-memory bm25 index (`ItemSearchIndex`) against SQLite's own `bm25()`: every score must
/// have the same bit pattern, on the golden fixtures and on random corpora built to hit FTS5's
/// corners (duplicates, repeated tokens, case and diacritics, canonically equivalent but distinct
/// byte sequences, NUL, tokens around FTS5's 32 KiB cut, empty questions, deletes).
@Suite struct ItemSearchIndexTests {
    /// `"rowid:bits"` of every hit, in row-id order: FTS5's query (the oracle) ...
    static func oracle(_ db: Database, poolID: Int64, _ tokens: [String]) throws -> [String] {
        guard let match = QueryTokenizer.matchExpression(tokens) else { return [] }
        return try db.itemSearchScores(poolID: poolID, match: match).map { "\($0.rowID):\($0.score.bitPattern)" }
    }

    /// ... and the in-memory index's.
    static func inMemory(_ index: ItemSearchIndex, _ tokens: [String]) -> [String] {
        index.scores(tokens: tokens).map { "\(index.rowIDs[$0.position]):\($0.score.bitPattern)" }
    }

    static let words = [
        "apples", "Apples", "APPLES", "pears", "café", "CAFE", "cafe\u{301}", "Zoë", "zoe", "naïve", "ŒUVRE", "straße",
        "\u{AC00}", "\u{1100}\u{1161}", "Å", "\u{212B}", "Ω", "\u{2126}", "48", "4.8", "a\u{0}b", "AND", "NEAR(", "\"quoted\"",
        "under_score", "🙂", "日本語", "x", "y", "z", "the", "the", "the", "",
        String(repeating: "x", count: 40_000), String(repeating: "é", count: 20_000),
        String(repeating: "y", count: 32_767), String(repeating: "y", count: 32_768), String(repeating: "w", count: 32_769),
    ]

    static func text(_ picks: [Int]) -> String { picks.map { words[$0 % words.count] }.joined(separator: " ") }

    @Test func scores_EqualSQLiteBM25BitForBit_OnRandomCorpora() async throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        let word = Gen.int(in: 0...(Self.words.count - 1))
        // Questions (nil: no question), then which items to delete, then the queries.
        let corpus = word.array(of: 0...14).optional(valueRate: 0.9).array(of: 1...40)
        let input = zip(corpus, Gen.int(in: 0...39).array(of: 0...6), word.array(of: 0...10).array(of: 1...8))
        var round = 0
        await propertyCheck(count: 30, input: input) { questions, deletions, queries in
            round += 1
            let created = try pool.write { db in
                let p = try db.createPool(name: "p\(round)")
                try db.upsertItems(poolID: p.id, questions.enumerated().map { n, picks in
                    ItemInput(extID: "i\(n)", question: picks.map(Self.text), answer: "a")
                })
                for n in deletions { _ = try db.deleteItem(poolID: p.id, extID: "i\(n)") }
                return p
            }
            // Loaded on a query-only reader, as the service loads it.
            let index = try pool.read { try $0.itemSearchIndex(poolID: created.id) }
            for picks in queries {
                let tokens = try QueryTokenizer.shared.tokens(Self.text(picks))
                let expected = try pool.read { try Self.oracle($0, poolID: created.id, tokens) }
                #expect(Self.inMemory(index, tokens) == expected, "query \(Self.text(picks).prefix(60).debugDescription)")
            }
        }
    }

    @Test func scores_EqualSQLiteBM25BitForBit_OnEveryExemplarsExtFixture() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/exemplars_ext")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(names.count > 0)
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        var compared = 0
        for (n, name) in names.enumerated() {
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            let f = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            guard let question = f["question"] as? String, let items = f["items"] as? [[String: Any]] else { continue }
            let created = try pool.write { db in
                let p = try db.createPool(name: "f\(n)")
                try db.upsertItems(poolID: p.id, items.enumerated().map { i, item in
                    ItemInput(extID: "e\(i)", question: item["question"] as? String, answer: item["answer"] as? String)
                })
                return p
            }
            let tokens = try QueryTokenizer.shared.tokens(question)
            let (index, expected) = try pool.read { db in (try db.itemSearchIndex(poolID: created.id), try Self.oracle(db, poolID: created.id, tokens)) }
            #expect(Self.inMemory(index, tokens) == expected, "\(name)")
            compared += expected.isEmpty ? 0 : 1
        }
        #expect(compared > 0)
    }

    @Test func loading_OnAReader_LeavesItQueryOnly_AndItsTempSchemaEmpty() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool(readers: 1)
        let created = try pool.write { db in
            let p = try db.createPool(name: "p")
            try db.upsertItems(poolID: p.id, Fixtures.items(["a", "b"]))
            return p
        }
        let index = try pool.read { try $0.itemSearchIndex(poolID: created.id) }
        #expect(index.rowIDs.count == 2)
        let (queryOnly, temporary, write) = try pool.read { db in
            (try db.fetchInt("PRAGMA query_only"), try db.fetchInt("SELECT count(*) FROM temp.sqlite_schema"),
             Result { try db.execute("DELETE FROM items") })
        }
        #expect(queryOnly == 1)
        #expect(temporary == 0)
        #expect(throws: SQLiteError.self) { try write.get() }
    }

    @Test func scores_OfAnEmptyPoolOrUnknownTokens_AreEmpty() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        let created = try pool.write { try $0.createPool(name: "p") }
        let empty = try pool.read { try $0.itemSearchIndex(poolID: created.id) }
        #expect(empty.scores(tokens: ["apples"]).isEmpty)
        try pool.write { db in try db.upsertItems(poolID: created.id, [ItemInput(extID: "a", question: "apples")]) }
        let one = try pool.read { try $0.itemSearchIndex(poolID: created.id) }
        #expect(one.scores(tokens: ["pears"]).isEmpty)
        // One row holding the token: idf = log(0.5 / 1.5) <= 0, so FTS5's floor of 1e-6 applies.
        let tokens = ["pears", "apples"]
        #expect(Self.inMemory(one, tokens) == (try pool.read { try Self.oracle($0, poolID: created.id, tokens) }))
        #expect(one.scores(tokens: tokens).map(\.score) == [1e-6 * ((1 * 2.2) / (1 + 1.2 * (0.25 + 0.75 * 1 / 1)))])
    }

    @Test func builder_RefusesVocabularyRowsOutOfOrder() throws {
        func add(_ builder: inout ItemSearchIndexBuilder, _ term: String, _ row: Int32) throws {
            try Array(term.utf8).withUnsafeBytes { try builder.add(term: $0, row: row) }
        }
        var terms = ItemSearchIndexBuilder(rowCount: 2)
        try add(&terms, "b", 0)
        #expect(throws: Database.ItemSearchIndexUnavailable.self) { try add(&terms, "a", 1) }
        var rows = ItemSearchIndexBuilder(rowCount: 2)
        try add(&rows, "a", 1)
        #expect(throws: Database.ItemSearchIndexUnavailable.self) { try add(&rows, "a", 0) }
        var fine = ItemSearchIndexBuilder(rowCount: 2)
        for (term, row) in [("a", 0), ("a", 0), ("a", 1), ("ab", 0), ("b", 1)] { try add(&fine, term, Int32(row)) }
        let index = fine.index(poolID: 1, rowIDs: [10, 20])
        #expect(index.scores(tokens: ["a"]).map(\.position) == [0, 1])
    }
}
