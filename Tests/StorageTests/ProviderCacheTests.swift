import Testing
@testable import Storage

@Suite struct ProviderCacheTests {
    @Test func providerCache_ReturnsWhatWasPut_AndNilForAnUnknownKey() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        let key = String(repeating: "ab", count: 32)
        #expect(try pool.read { try $0.providerCacheValue(key: key) } == nil)
        try pool.write { try $0.putProviderCacheValue(key: key, kind: "embedding", value: [1, 2, 3, 0, 255]) }
        #expect(try pool.read { try $0.providerCacheValue(key: key) } == [1, 2, 3, 0, 255])
        try pool.write { try $0.putProviderCacheValue(key: key, kind: "embedding", value: [9]) }
        #expect(try pool.read { try $0.providerCacheValue(key: key) } == [9])
    }

    @Test func storageCounts_CountPoolsItemsAndRows_AndHealthCheckPasses() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        try pool.write { db in _ = try Fixtures.filledCheckpoint(db, count: 3, dim: 2) }
        #expect(try pool.read { try $0.storageCounts() } == StorageCounts(pools: 1, items: 3, featureRows: 3))
        try pool.read { try $0.checkHealth() }
    }
}
