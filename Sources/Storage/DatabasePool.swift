import Foundation

/// One writer connection serialized by a lock, and a small set of reader connections that run
/// concurrently with it (WAL). Opening the pool applies the migrations on the writer first.
///
/// `@unchecked Sendable`: the writer is only touched under `writerLock`; idle readers are only
/// touched under `readersCondition`, and a checked-out reader belongs to exactly one caller.
public final class DatabasePool: @unchecked Sendable {
    public let path: String
    private let writer: Database
    /// Held for every write; `read(mapped:companions:)` holds it while it opens its snapshots.
    let writerLock = NSLock()
    private var idleReaders: [Database]
    private let readersCondition = NSCondition()
    private let checkpointer: WALCheckpointer?
    /// The readers' mmap size, put back after an unmapped read.
    private let mmapSize: Int
    /// What every connection of the pool is opened with (companion readers too).
    let configuration: DatabaseConfiguration
    /// A connection outside the pool for `isReadable()`: a health check must never wait behind
    /// requests that hold every reader.
    private let probeConnection: Database
    private let probeLock = NSLock()

    public init(path: String, configuration: DatabaseConfiguration = .init(),
                migrations: [Migration] = EmbeddedMigrations.all) throws {
        self.path = path
        mmapSize = configuration.mmapSize
        self.configuration = configuration
        writer = try Database(path: path, configuration: configuration)
        try MigrationRunner(migrations: migrations).migrate(writer)
        checkpointer = try configuration.backgroundCheckpointPages.map { pages in
            try WALCheckpointer(path: path, configuration: configuration, thresholdPages: pages)
        }
        checkpointer?.attach(to: writer)
        idleReaders = try (0..<max(1, configuration.readerCount)).map { _ in
            try Database(path: path, configuration: configuration, queryOnly: true)
        }
        probeConnection = try Database(path: path, configuration: configuration, queryOnly: true)
    }

    /// Whether the database file answers a read (its schema), on the probe's own connection: true
    /// even while every pooled reader is checked out.
    public func isReadable() -> Bool {
        probeLock.lock()
        defer { probeLock.unlock() }
        return (try? probeConnection.fetchInt("SELECT count(*) FROM sqlite_schema")) != nil
    }

    /// Exclusive use of the writer connection. No transaction is opened for you: repository
    /// operations open their own, and `db.transaction { }` groups several into one.
    @discardableResult
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        writerLock.lock()
        defer { writerLock.unlock() }
        return try body(writer)
    }

    /// A reader connection inside a deferred transaction, so every statement in `body` sees the same
    /// snapshot. Blocks while every reader is busy, so never call `read` from inside `read` (with one
    /// reader that would wait forever). To cancel a long read, keep `db` and call `db.interrupt()`
    /// from another thread.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        let reader = checkOutReader()
        defer { checkIn(reader) }
        return try reader.transaction(.deferred) { try body(reader) }
    }

    /// `read`, and with `mapped: false` on a connection that reads the file with read(2) instead
    /// of mmap: for scans of more data than should stay resident (a selection job streams
    /// gigabytes of rows). Pages read through mmap stay mapped into the process and count in its
    /// RSS until the map is dropped; read(2) leaves them in the kernel's page cache only. The
    /// connection gets its mmap back before it is checked in.
    public func read<T>(mapped: Bool, _ body: (Database) throws -> T) throws -> T {
        guard !mapped, mmapSize > 0 else { return try read(body) }
        let reader = checkOutReader()
        defer { checkIn(reader) }
        // Outside any transaction no page of the map is in use, so SQLite unmaps the file now.
        try reader.setMmapSize(0)
        // A failed restore only leaves this reader on read(2): slower, still correct.
        defer { try? reader.setMmapSize(mmapSize) }
        return try reader.transaction(.deferred) { try body(reader) }
    }

    /// Waits for the background WAL checkpoints scheduled so far (tests, benchmarks, shutdown).
    public func drainCheckpoints() { checkpointer?.drain() }

    private func checkOutReader() -> Database {
        readersCondition.lock()
        defer { readersCondition.unlock() }
        while idleReaders.isEmpty { readersCondition.wait() }
        return idleReaders.removeLast()
    }

    private func checkIn(_ reader: Database) {
        readersCondition.lock()
        idleReaders.append(reader)
        readersCondition.signal()
        readersCondition.unlock()
    }
}
