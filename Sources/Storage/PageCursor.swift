import Foundation

/// Opaque cursors: base64url of a versioned key, so clients cannot depend on what is inside and a
/// cursor of one list cannot be mistaken for another's (the kind is part of the key).
enum PageCursor {
    static func encode(kind: String, key: String) -> String {
        Data("v1|\(kind)|\(key)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func encode(kind: String, key: Int64) -> String { encode(kind: kind, key: String(key)) }

    /// The key inside `cursor`, or `StorageError.invalidArgument(parameter: "cursor")`.
    static func decode(_ cursor: String, kind: String) throws -> String {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        let prefix = "v1|\(kind)|"
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
              text.hasPrefix(prefix) else {
            throw StorageError.invalidArgument(parameter: "cursor", reason: "not a cursor of this list")
        }
        return String(text.dropFirst(prefix.count))
    }

    static func decodeInteger(_ cursor: String, kind: String) throws -> Int64 {
        guard let key = Int64(try decode(cursor, kind: kind)) else {
            throw StorageError.invalidArgument(parameter: "cursor", reason: "not a cursor of this list")
        }
        return key
    }

    static func validate(limit: Int) throws {
        guard limit > 0 else {
            throw StorageError.invalidArgument(parameter: "limit", reason: "must be at least 1")
        }
    }
}
