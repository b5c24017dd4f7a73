/// Connection settings shared by every connection of a `DatabasePool`.
public struct DatabaseConfiguration: Sendable {
    /// How long a connection waits for a lock held by another connection before SQLITE_BUSY.
    public var busyTimeoutMilliseconds: Int
    /// Number of reader connections a `DatabasePool` keeps (WAL readers run beside the writer).
    public var readerCount: Int
    /// Applied only to a database with no tables yet: SQLite fixes the page size at the first table.
    public var pageSize: Int
    /// Bytes of the database file SQLite reads through mmap instead of read(2) + page-cache copies
    /// (0 disables). Measured ~30% faster matrix reads (bench/README-storage.md).
    public var mmapSize: Int
    /// WAL pages after a commit that trigger a checkpoint on a background connection (the commit
    /// returns without copying the WAL into the database); nil keeps SQLite's autocheckpoint inside
    /// COMMIT. 1,000 is SQLite's own threshold.
    public var backgroundCheckpointPages: Int?
    /// The WAL file is truncated back to this size after a checkpoint resets it (a 300 MB upload
    /// would otherwise leave a 300 MB WAL on disk for good).
    public var journalSizeLimit: Int

    public init(busyTimeoutMilliseconds: Int = 5000, readerCount: Int = 4, pageSize: Int = 16384,
                mmapSize: Int = 1 << 30, backgroundCheckpointPages: Int? = 1000, journalSizeLimit: Int = 64 << 20) {
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.readerCount = readerCount
        self.pageSize = pageSize
        self.mmapSize = mmapSize
        self.backgroundCheckpointPages = backgroundCheckpointPages
        self.journalSizeLimit = journalSizeLimit
    }
}
