import PropertyBased
import Testing
@testable import Storage

@Suite struct ItemRepositoryTests {
    private func poolWithItems(_ ids: [String]) throws -> (TemporaryDatabase, DatabasePool, PoolRecord) {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        let created = try pool.write { db -> PoolRecord in
            let created = try db.createPool(name: "p")
            try db.upsertItems(poolID: created.id, Fixtures.items(ids))
            return created
        }
        return (file, pool, created)
    }

    @Test func upsert_CountsInsertedAndUpdated_AndKeepsPositionOfExistingIds() throws {
        let (_, pool, created) = try poolWithItems(["a", "b", "c"])
        let counts = try pool.write {
            try $0.upsertItems(poolID: created.id, [ItemInput(extID: "b", text: "new b"), ItemInput(extID: "d", text: "d")])
        }
        #expect(counts == UpsertCounts(inserted: 1, updated: 1))
        let keys = try pool.read { try $0.itemKeys(poolID: created.id) }
        #expect(keys.map(\.extID) == ["a", "b", "c", "d"])
        #expect(keys.map(\.index) == [0, 1, 2, 3])
        let b = try #require(try pool.read { try $0.item(poolID: created.id, extID: "b") })
        #expect(b.index == 1)
        #expect(b.text == "new b")
        #expect(b.question == nil, "an upsert replaces every field")
    }

    @Test func upsert_IsAllOrNothing_WhenOneItemFails() throws {
        let (_, pool, created) = try poolWithItems(["a"])
        // A pool id that does not exist violates the foreign key on the second batch's rows.
        #expect(throws: SQLiteError.self) {
            try pool.write { db in
                try db.transaction {
                    try db.upsertItems(poolID: created.id, Fixtures.items(["b", "c"]))
                    try db.upsertItems(poolID: created.id + 100, Fixtures.items(["x"]))
                }
            }
        }
        #expect(try pool.read { try $0.itemCount(poolID: created.id) } == 1)
    }

    @Test func deleteItem_ShiftsTheIndicesAfterIt() throws {
        let (_, pool, created) = try poolWithItems(["a", "b", "c", "d"])
        #expect(try pool.write { try $0.deleteItem(poolID: created.id, extID: "b") })
        #expect(try pool.write { try $0.deleteItem(poolID: created.id, extID: "b") } == false)
        let keys = try pool.read { try $0.itemKeys(poolID: created.id) }
        #expect(keys.map(\.extID) == ["a", "c", "d"])
        #expect(try pool.read { try $0.item(poolID: created.id, extID: "d")?.index } == 2)
        #expect(try pool.read { try $0.item(poolID: created.id, extID: "b") } == nil)
    }

    @Test func reAddingADeletedId_PutsItAtTheEnd() throws {
        let (_, pool, created) = try poolWithItems(["a", "b", "c"])
        try pool.write { db in
            try db.deleteItem(poolID: created.id, extID: "a")
            try db.upsertItems(poolID: created.id, Fixtures.items(["a"]))
        }
        #expect(try pool.read { try $0.itemKeys(poolID: created.id) }.map(\.extID) == ["b", "c", "a"])
    }

    @Test func listItems_PagesInIndexOrder_WithIndicesAndFields() throws {
        let ids = (0..<7).map { "id\($0)" }
        let (_, pool, created) = try poolWithItems(ids)
        var seen: [ItemRecord] = []
        var cursor: String?
        repeat {
            let page = try pool.read { try $0.listItems(poolID: created.id, limit: 3, cursor: cursor) }
            seen += page.items
            cursor = page.nextCursor
        } while cursor != nil
        #expect(seen.map(\.extID) == ids)
        #expect(seen.map(\.index) == Array(0..<7))
        #expect(seen.map(\.question) == ids.map { "q-\($0)" })
    }

    @Test func forEachItem_VisitsLiveItemsInIndexOrder_WithTheirIndices() throws {
        let (_, pool, created) = try poolWithItems(["a", "b", "c", "d"])
        try pool.write { try $0.deleteItem(poolID: created.id, extID: "b") }
        var visited: [ItemRecord] = []
        try pool.read { try $0.forEachItem(poolID: created.id) { visited.append($0) } }
        #expect(visited.map(\.extID) == ["a", "c", "d"])
        #expect(visited.map(\.index) == [0, 1, 2])
        #expect(visited.map(\.question) == ["q-a", "q-c", "q-d"])
    }

    @Test func itemsByIndices_ReturnsThoseItems_InTheOrderAsked_AndRejectsOutOfRange() throws {
        let (_, pool, created) = try poolWithItems(["a", "b", "c"])
        let fetched = try pool.read { try $0.items(poolID: created.id, indices: [2, 0]) }
        #expect(fetched.map(\.extID) == ["c", "a"])
        #expect(fetched.map(\.answer) == ["a-c", "a-a"])
        #expect(throws: StorageError.invalidArgument(parameter: "indices", reason: "index 3 is not in 0..<3")) {
            try pool.read { try $0.items(poolID: created.id, indices: [3]) }
        }
    }

    @Test func itemsByRowIDs_ReturnsExistingItemsWithCurrentIndices() throws {
        let (_, pool, created) = try poolWithItems(["a", "b", "c"])
        let keys = try pool.read { try $0.itemKeys(poolID: created.id) }
        try pool.write { try $0.deleteItem(poolID: created.id, extID: "a") }
        let fetched = try pool.read { try $0.items(poolID: created.id, rowIDs: keys.map(\.rowID).reversed()) }
        #expect(fetched.map(\.extID) == ["c", "b"])
        #expect(fetched.map(\.index) == [1, 0])
    }

    @Test func itemsOfDifferentPools_DoNotMix_AndSameIdMayExistInBoth() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        let (first, second) = try pool.write { db in
            (try db.createPool(name: "one"), try db.createPool(name: "two"))
        }
        try pool.write { db in
            try db.upsertItems(poolID: first.id, Fixtures.items(["x", "y"]))
            try db.upsertItems(poolID: second.id, Fixtures.items(["y"]))
        }
        #expect(try pool.read { try $0.item(poolID: second.id, extID: "y")?.index } == 0)
        #expect(try pool.read { try $0.item(poolID: second.id, extID: "x") } == nil)
        #expect(try pool.read { try $0.itemCount(poolID: first.id) } == 2)
    }

    @Test func upsertSequence_IndicesFollowFirstInsertion_WhateverTheUpdates() async throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        let batches = Gen.int(in: 0...9).array(of: 0...6).array(of: 1...6)
        var round = 0
        await propertyCheck(count: 40, input: batches) { batches in
            round += 1
            let name = "p\(round)"
            let created = try pool.write { try $0.createPool(name: name) }
            var expectedOrder: [String] = []
            for batch in batches {
                let ids = batch.map { "i\($0)" }
                let counts = try pool.write { try $0.upsertItems(poolID: created.id, Fixtures.items(ids)) }
                var fresh = 0
                for id in ids where !expectedOrder.contains(id) { expectedOrder.append(id); fresh += 1 }
                #expect(counts == UpsertCounts(inserted: fresh, updated: ids.count - fresh))
            }
            #expect(try pool.read { try $0.itemKeys(poolID: created.id) }.map(\.extID) == expectedOrder)
        }
    }
}
