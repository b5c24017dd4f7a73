import Foundation
@testable import Storage
import TestSupport

/// A fresh database file in its own temporary directory, removed when the value goes away.
final class TemporaryDatabase {
    let temporary: TemporaryDirectory
    var directory: URL { temporary.url }
    var path: String { temporary.databasePath }

    init() throws { temporary = try TemporaryDirectory("storage") }

    func openPool(readers: Int = 2, migrations: [Migration] = EmbeddedMigrations.all) throws -> DatabasePool {
        try DatabasePool(path: path, configuration: DatabaseConfiguration(busyTimeoutMilliseconds: 5000, readerCount: readers),
                         migrations: migrations)
    }

    func openConnection() throws -> Database { try Database(path: path) }
}
