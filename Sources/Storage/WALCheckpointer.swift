import CSQLite
import Foundation

/// Moves SQLite's WAL checkpoint off the committing thread. SQLite's own autocheckpoint runs inside
/// COMMIT once the WAL passes 1,000 pages, so the request that commits a 300 MB upload also copies
/// those 300 MB into the database file before it can answer (bench/README-ingest.md: most of an
/// upload's time). Registered as the writer's WAL hook (which replaces the autocheckpoint), it
/// instead runs a PASSIVE checkpoint on its own connection and serial queue: writers and readers
/// go on meanwhile, and several commits in a row coalesce into one checkpoint.
///
/// `@unchecked Sendable`: `scheduled` is only touched under `lock`; `connection` only on `queue`.
final class WALCheckpointer: @unchecked Sendable {
    let thresholdPages: Int
    private let connection: Database
    private let queue = DispatchQueue(label: "shortlist.wal-checkpoint")
    private let lock = NSLock()
    private var scheduled = false

    init(path: String, configuration: DatabaseConfiguration, thresholdPages: Int) throws {
        self.thresholdPages = thresholdPages
        connection = try Database(path: path, configuration: configuration)
    }

    /// Makes `writer`'s commits report to this checkpointer. The checkpointer must outlive `writer`'s
    /// commits (the pool owns both).
    func attach(to writer: Database) {
        sqlite3_wal_hook(writer.handle, { context, _, _, pages in
            guard let context else { return SQLITE_OK }
            Unmanaged<WALCheckpointer>.fromOpaque(context).takeUnretainedValue().walGrew(to: Int(pages))
            return SQLITE_OK
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Called on the committing thread: schedules one checkpoint unless one is already pending.
    func walGrew(to pages: Int) {
        guard pages >= thresholdPages else { return }
        lock.lock()
        defer { lock.unlock() }
        guard !scheduled else { return }
        scheduled = true
        queue.async { [self] in
            lock.withLock { scheduled = false }
            checkpointNow()
        }
    }

    /// A PASSIVE checkpoint: copies what no reader still needs and never waits for a lock.
    func checkpointNow() {
        _ = sqlite3_wal_checkpoint_v2(connection.handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
    }

    /// Blocks until every checkpoint scheduled so far has run.
    func drain() { queue.sync {} }
}
