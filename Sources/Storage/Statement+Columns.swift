import CSQLite

extension Statement {
    public func isNull(at column: Int32) -> Bool {
        sqlite3_column_type(handle, column) == SQLITE_NULL
    }

    public func int(at column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }

    public func int64(at column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    public func double(at column: Int32) -> Double { sqlite3_column_double(handle, column) }

    /// The column as UTF-8 text ("" for NULL). Embedded NUL bytes are kept.
    public func text(at column: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    public func optionalInt(at column: Int32) -> Int? { isNull(at: column) ? nil : int(at: column) }
    public func optionalDouble(at column: Int32) -> Double? { isNull(at: column) ? nil : double(at: column) }
    public func optionalText(at column: Int32) -> String? { isNull(at: column) ? nil : text(at: column) }

    /// The column's bytes, copied into a new array (empty for NULL).
    public func blob(at column: Int32) -> [UInt8] {
        let source = sqlite3_column_blob(handle, column)
        let count = blobByteCount(at: column)
        guard count > 0, let source else { return [] }
        return [UInt8](UnsafeRawBufferPointer(start: source, count: count))
    }

    public func optionalBlob(at column: Int32) -> [UInt8]? { isNull(at: column) ? nil : blob(at: column) }

    public func blobByteCount(at column: Int32) -> Int { Int(sqlite3_column_bytes(handle, column)) }

    /// Copies the column's bytes into `destination` (at most `capacity` bytes) with one memcpy and no
    /// allocation; returns the column's full byte count, so a caller can detect a size mismatch.
    @discardableResult
    public func copyBlob(at column: Int32, into destination: UnsafeMutableRawPointer, capacity: Int) -> Int {
        // sqlite3_column_blob must come before sqlite3_column_bytes (documented call order).
        let source = sqlite3_column_blob(handle, column)
        let count = Int(sqlite3_column_bytes(handle, column))
        if let source, count > 0 { destination.copyMemory(from: source, byteCount: min(count, capacity)) }
        return count
    }
}
