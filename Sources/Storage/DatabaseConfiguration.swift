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

    public init(busyTimeoutMilliseconds: Int = 5000, readerCount: Int = 4, pageSize: Int = 16384,
                mmapSize: Int = 1 << 30) {
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.readerCount = readerCount
        self.pageSize = pageSize
        self.mmapSize = mmapSize
    }
}
