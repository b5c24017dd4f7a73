import CSQLite
import Foundation

extension Statement {
    public func bind(_ value: Int, at position: Int32) throws {
        try check(sqlite3_bind_int64(handle, position, Int64(value)), "bind")
    }

    public func bind(_ value: Int64, at position: Int32) throws {
        try check(sqlite3_bind_int64(handle, position, value), "bind")
    }

    public func bind(_ value: Double, at position: Int32) throws {
        try check(sqlite3_bind_double(handle, position, value), "bind")
    }

    public func bind(_ value: String, at position: Int32) throws {
        var value = value
        let code = value.withUTF8 { bytes -> Int32 in
            // An empty buffer may have no base address, which SQLite would read as NULL.
            guard let base = bytes.baseAddress, bytes.count > 0 else {
                return sqlite3_bind_text(handle, position, "", 0, shortlist_sqlite_static())
            }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text64(handle, position, $0, UInt64(bytes.count), shortlist_sqlite_transient(),
                                    UInt8(SQLITE_UTF8))
            }
        }
        try check(code, "bind")
    }

    public func bind(_ value: [UInt8], at position: Int32) throws {
        let code = value.withUnsafeBytes { bytes -> Int32 in
            guard let base = bytes.baseAddress, bytes.count > 0 else {
                return sqlite3_bind_zeroblob(handle, position, 0)
            }
            return sqlite3_bind_blob64(handle, position, base, UInt64(bytes.count), shortlist_sqlite_transient())
        }
        try check(code, "bind")
    }

    public func bind(_ value: Data, at position: Int32) throws {
        try bind([UInt8](value), at: position)
    }

    /// Binds `byteCount` bytes at `pointer` WITHOUT copying (SQLITE_STATIC): the memory must stay
    /// valid and unchanged until the statement is stepped and reset. This is the hot path of the
    /// feature writer, which binds each vector straight from the caller's buffer.
    public func bindStatic(blob pointer: UnsafeRawPointer, byteCount: Int, at position: Int32) throws {
        try check(sqlite3_bind_blob64(handle, position, pointer, UInt64(byteCount), shortlist_sqlite_static()),
                  "bind")
    }

    public func bindNull(at position: Int32) throws {
        try check(sqlite3_bind_null(handle, position), "bind")
    }

    public func bind(_ value: SQLValue, at position: Int32) throws {
        switch value {
        case .integer(let integer): try bind(integer, at: position)
        case .real(let real): try bind(real, at: position)
        case .text(let text): try bind(text, at: position)
        case .blob(let blob): try bind(blob, at: position)
        case .null: try bindNull(at: position)
        }
    }

    /// Binds `values` to positions 1, 2, ... in order.
    public func bind(_ values: [SQLValue]) throws {
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }
}
