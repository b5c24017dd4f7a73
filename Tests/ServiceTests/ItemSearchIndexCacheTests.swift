import Foundation
import JSON
import Selection
import Storage
import Testing
import TestSupport
@testable import Service

/// `bm25` and `hybrid` score with each pool's in-memory search index (`ItemSearchIndex`), kept in
/// `PoolMatrixCache` under the pool's generation, read in the background while FTS5 answers:
/// after any item write a request must score the current rows, bit for bit as FTS5's `bm25()`
/// scores them, whichever of the two answers it.
@Suite struct ItemSearchIndexCacheTests {
    /// Item id -> bit pattern of `-bm25`, from FTS5 itself.
    static func fts5Scores(_ h: ServiceHarness, _ question: String) throws -> [String: UInt64] {
        guard let match = QueryTokenizer.matchExpression(try QueryTokenizer.shared.tokens(question)) else { return [:] }
        return try h.service.database.read { db in
            let pool = try db.requirePool(named: "p")
            let ids = Dictionary(uniqueKeysWithValues: try db.fetchAll("SELECT id, ext_id FROM items WHERE pool_id = ?", [.integer(pool.id)]) {
                ($0.int64(at: 0), $0.text(at: 1))
            })
            return Dictionary(uniqueKeysWithValues: try db.itemSearchScores(poolID: pool.id, match: match).map { (ids[$0.rowID]!, $0.score.bitPattern) })
        }
    }

    /// Item id -> bit pattern of the score of every matching item, as the pipeline ranked them.
    static func pipelineScores(_ h: ServiceHarness, _ question: String) throws -> [String: UInt64] {
        let request = try ExemplarRequest.parse(.object([
            "pool": .string("p"), "question": .string(question), "method": .string("bm25"), "k": .int(50),
        ]))
        let run = try h.service.exemplarPipeline.execute(request)
        var scores: [String: UInt64] = [:]
        for (index, score) in zip(run.result.order, run.result.scores ?? []) where score > 0 { scores[run.items[index].id] = score.bitPattern }
        return scores
    }

    /// Asks until a request finds the pool's index read (each request that misses starts a read).
    static func waitForIndex(_ h: ServiceHarness, _ question: String) throws {
        try waitUntil("the pool's search index is read") {
            _ = try pipelineScores(h, question)
            return h.service.poolMatrixCache.searchIndex(pool: "p") != nil
        }
    }

    @Test func bm25_AfterUpsertsAndDeletes_ScoresTheCurrentRows_BitForBitAsFTS5() throws {
        let h = try ServiceHarness.make()
        let words = ["quokka", "apples", "Zoë", "café", "pears", "the", "the"]
        let items = (0..<30).map { i in
            ItemInput(extID: "e\(i)", question: (0..<(i % 7 + 1)).map { words[($0 * i + $0) % words.count] }.joined(separator: " "))
        }
        try ExemplarPoolSeeder.seed(h, items: items)
        let question = "the quokka ate apples at the cafe with zoe"
        var expected = try Self.fts5Scores(h, question)
        #expect(expected.count > 10)
        // The first request is answered by FTS5 while the index is read, later ones by the index.
        #expect(try Self.pipelineScores(h, question) == expected)
        try Self.waitForIndex(h, question)
        #expect(try Self.pipelineScores(h, question) == expected)
        // A new matching item, a changed one and a deleted one change every score (N, avgdl, idf).
        try ExemplarPoolSeeder.seed(h, items: [ItemInput(extID: "new", question: "quokka quokka quokka"),
                                               ItemInput(extID: "e3", question: "nothing in common")])
        #expect(h.service.poolMatrixCache.searchIndex(pool: "p") == nil)
        try h.service.database.write { db in _ = try db.deleteItem(poolID: try db.requirePool(named: "p").id, extID: "e1") }
        h.service.invalidatePoolCaches("p")
        expected = try Self.fts5Scores(h, question)
        #expect(try Self.pipelineScores(h, question) == expected)
        try Self.waitForIndex(h, question)
        let after = try Self.pipelineScores(h, question)
        #expect(after == expected)
        #expect(after["new"] != nil && after["e1"] == nil && after["e3"] == nil)
    }

    @Test func searchIndex_LoadedBeforeAWrite_IsNotStored_AndAWriteDropsIt() throws {
        let h = try ServiceHarness.make()
        try ExemplarPoolSeeder.seed(h, items: ExemplarPoolSeeder.items(3))
        let index = try h.service.database.read { db in try db.itemSearchIndex(poolID: try db.requirePool(named: "p").id) }
        let cache = PoolMatrixCache()
        let before = cache.generation(pool: "p")
        cache.invalidate(pool: "p")
        cache.put(index, pool: "p", loadedAt: before)
        #expect(cache.searchIndex(pool: "p") == nil)
        cache.put(index, pool: "p", loadedAt: cache.generation(pool: "p"))
        #expect(cache.searchIndex(pool: "p")?.rowIDs == index.rowIDs)
        cache.invalidate(pool: "q")
        #expect(cache.searchIndex(pool: "p") != nil)
        cache.invalidate(pool: "p")
        #expect(cache.searchIndex(pool: "p") == nil)
    }
}
