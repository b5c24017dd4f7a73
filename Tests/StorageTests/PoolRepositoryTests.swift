import Testing
@testable import Storage

@Suite struct PoolRepositoryTests {
    @Test func createPool_StoresFields_AndGetByNameReturnsThem() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        let created = try pool.write { try $0.createPool(name: "gsm8k", description: "math", metadata: #"{"a":1}"#) }
        let fetched = try pool.read { try $0.pool(named: "gsm8k") }
        #expect(fetched == created)
        #expect(fetched?.description == "math")
        #expect(fetched?.metadata == #"{"a":1}"#)
        #expect(try pool.read { try $0.pool(named: "absent") } == nil)
    }

    @Test func createPool_WithDuplicateName_ThrowsConflict() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        try pool.write { _ = try $0.createPool(name: "dup") }
        #expect(throws: StorageError.conflict("pool 'dup'")) { try pool.write { _ = try $0.createPool(name: "dup") } }
    }

    @Test func requirePool_OfUnknownName_ThrowsNotFoundNamingIt() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        #expect(throws: StorageError.notFound("pool 'nope'")) { try pool.read { try $0.requirePool(named: "nope") } }
    }

    @Test func listPools_ByName_PagesThroughEveryPoolOnce_InNameOrder() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        let names = ["delta", "alpha", "echo", "charlie", "bravo"]
        try pool.write { db in for name in names { _ = try db.createPool(name: name) } }
        var seen: [String] = []
        var cursor: String?
        repeat {
            let page = try pool.read { try $0.listPools(order: .name, limit: 2, cursor: cursor) }
            #expect(page.items.count <= 2)
            seen += page.items.map(\.name)
            cursor = page.nextCursor
        } while cursor != nil
        #expect(seen == names.sorted())
    }

    @Test func listPools_ById_FollowsCreationOrder() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        try pool.write { db in for name in ["z", "a", "m"] { _ = try db.createPool(name: name) } }
        let first = try pool.read { try $0.listPools(order: .id, limit: 2) }
        let second = try pool.read { try $0.listPools(order: .id, limit: 2, cursor: first.nextCursor) }
        #expect(first.items.map(\.name) == ["z", "a"])
        #expect(second.items.map(\.name) == ["m"])
        #expect(second.nextCursor == nil)
    }

    @Test func listPools_WithForeignOrGarbageCursor_ThrowsInvalidCursor() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        try pool.write { db in for name in ["a", "b", "c"] { _ = try db.createPool(name: name) } }
        let byName = try pool.read { try $0.listPools(order: .name, limit: 1) }
        for cursor in ["%%%", "", try #require(byName.nextCursor)] {
            #expect(throws: StorageError.invalidArgument(parameter: "cursor", reason: "not a cursor of this list")) {
                try pool.read { try $0.listPools(order: .id, limit: 1, cursor: cursor) }
            }
        }
        #expect(throws: StorageError.self) { try pool.read { try $0.listPools(limit: 0) } }
    }

    @Test func deletePool_CascadesToItemsFeaturesCheckpointsAndRows() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        try pool.write { db in _ = try Fixtures.filledCheckpoint(db, pool: "doomed", count: 5, dim: 3) }
        try pool.write { db in _ = try Fixtures.filledCheckpoint(db, pool: "kept", count: 2, dim: 3) }
        #expect(try pool.write { try $0.deletePool(named: "doomed") })
        #expect(try pool.write { try $0.deletePool(named: "doomed") } == false)
        let counts = try pool.read { db in
            try ["items", "features", "checkpoints", "feature_rows"].map { try db.fetchInt("SELECT count(*) FROM \($0)") }
        }
        #expect(counts == [2, 1, 1, 2])
    }

    @Test func poolDetails_ReportItemCountAndCheckpointsWithRows() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        try pool.write { db in
            let (created, _) = try Fixtures.filledCheckpoint(db, count: 4, dim: 2, label: "step1")
            try db.upsertItems(poolID: created.id, Fixtures.items(["late"]))
        }
        let details = try #require(try pool.read { try $0.poolDetails(named: "pool") })
        #expect(details.itemCount == 5)
        #expect(details.features.map(\.feature.name) == ["embedding"])
        let status = try #require(details.features.first?.checkpoints.first)
        #expect(status.checkpoint.label == "step1")
        #expect(status.checkpoint.dim == 2)
        #expect(status.checkpoint.weight == 1)
        #expect(status.rows == 4)
        #expect(status.complete == false)
        #expect(status.firstMissing?.extID == "late")
        #expect(status.firstMissing?.index == 4)
    }
}
