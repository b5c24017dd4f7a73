import COpenBLAS

/// Software prefetch for loops that know their next random reads well ahead (the lazy greedy of
/// facility_location reads columns in a known order): asking for the lines early lets many cache
/// misses overlap instead of waiting for each in turn. Only a hint; it never changes a result.
public enum CacheLines {
    /// Asks for every 64-byte line of `bytes` bytes from `start` (read, kept in all cache levels).
    @inlinable @inline(__always)
    public static func prefetch(_ start: UnsafeRawPointer, bytes: Int) {
        shortlist_prefetch(start, bytes)
    }
}
