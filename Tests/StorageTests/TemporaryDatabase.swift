import Foundation
@testable import Storage

/// A fresh database file in its own temporary directory, removed when the value goes away.
final class TemporaryDatabase {
    let directory: URL
    let path: String

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("shortlist-storage-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("test.db").path
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func openPool(readers: Int = 2, migrations: [Migration] = EmbeddedMigrations.all) throws -> DatabasePool {
        try DatabasePool(path: path, configuration: DatabaseConfiguration(busyTimeoutMilliseconds: 5000, readerCount: readers),
                         migrations: migrations)
    }

    func openConnection() throws -> Database { try Database(path: path) }
}
