import Foundation

extension DatabasePool {
    /// `read(mapped:)` plus `companions` extra query-only connections whose transactions see the
    /// same snapshot as `db`: for one long scan split over several threads (a selection job reads
    /// each block's row ranges on several connections at once). The companions are opened for
    /// this call and closed after it, so a job never takes readers that requests need.
    ///
    /// Same snapshot without SQLite's snapshot API (not in the system library): every
    /// transaction's snapshot is fixed by its first read, and those first reads all happen while
    /// this pool's writer lock is held, so no commit of this process can fall between them (the
    /// database belongs to one process; the background WAL checkpoint moves pages, not data).
    /// Call `interrupt()` on every connection to stop a long scan.
    public func read<T>(mapped: Bool, companions count: Int, _ body: (Database, [Database]) throws -> T) throws -> T {
        guard count > 0 else { return try read(mapped: mapped) { try body($0, []) } }
        let companions = try (0..<count).map { _ in
            let connection = try Database(path: path, configuration: configuration, queryOnly: true)
            if !mapped { try connection.setMmapSize(0) }
            return connection
        }
        return try read(mapped: mapped) { db in
            var begun: [Database] = []
            defer { begun.forEach { $0.rollbackIgnoringErrors("ROLLBACK") } }
            try withWriterLock {
                try Self.pinSnapshot(db)
                for companion in companions {
                    try companion.execute("BEGIN DEFERRED")
                    begun.append(companion)
                    try Self.pinSnapshot(companion)
                }
            }
            return try body(db, companions)
        }
    }

    /// A deferred transaction takes its snapshot at its first read of the database.
    private static func pinSnapshot(_ db: Database) throws {
        _ = try db.fetchInt("SELECT count(*) FROM sqlite_schema")
    }

    private func withWriterLock<T>(_ body: () throws -> T) rethrows -> T {
        writerLock.lock()
        defer { writerLock.unlock() }
        return try body()
    }
}
