import JSON
import Selection

/// Reads a decoded JSON object field by field, naming the JSON path (`budget.k`,
/// `items[3].id`) in every error, and rejecting keys it was not told about.
public struct JSONObjectReader {
    public let members: [JSONValue.Member]
    /// The path of this object, "" for the top level.
    public let path: String
    /// The numeric arrays the parser decoded into Float storage, by path (see `JSONDocument`).
    public let floatBlocks: [String: JSONFloatBlock]

    /// A JSON null is refused for every key but those in `nullable` (openapi.yaml's request
    /// schemas are strict: an optional field is omitted, not sent as null).
    public init(_ value: JSONValue, path: String = "", nullable: Set<String> = [],
                floatBlocks: [String: JSONFloatBlock] = [:]) throws(APIError) {
        guard case let .object(members) = value else {
            throw APIError.invalid(path.isEmpty ? "the body must be a JSON object" : "\(path) must be an object", param: path.isEmpty ? nil : path)
        }
        self.members = members
        self.path = path
        self.floatBlocks = floatBlocks
        for m in members where m.value == .null && !nullable.contains(m.key) {
            throw APIError.invalid("\(fieldPath(m.key)) must not be null; omit the field instead", param: fieldPath(m.key))
        }
    }

    public func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    public func has(_ key: String) -> Bool { members.contains { $0.key == key } }

    /// The value of `key`; an allowed JSON null counts as absent.
    public func value(_ key: String) -> JSONValue? {
        guard let v = members.first(where: { $0.key == key })?.value, v != .null else { return nil }
        return v
    }

    public func rejectUnknown(allowed: Set<String>, code: String = "unknown_parameter") throws(APIError) {
        for m in members where !allowed.contains(m.key) {
            throw APIError.invalid("unknown field \"\(m.key)\"", param: fieldPath(m.key), code: code)
        }
    }

    public func string(_ key: String) throws(APIError) -> String? {
        guard let v = value(key) else { return nil }
        guard case let .string(s) = v else { throw APIError.invalid("\(fieldPath(key)) must be a string", param: fieldPath(key)) }
        return s
    }

    public func requiredString(_ key: String) throws(APIError) -> String {
        guard let s = try string(key) else { throw APIError.invalid("\(fieldPath(key)) is required", param: fieldPath(key)) }
        return s
    }

    public func int(_ key: String) throws(APIError) -> Int? {
        guard let v = value(key) else { return nil }
        guard let i = v.intValue else { throw APIError.invalid("\(fieldPath(key)) must be an integer", param: fieldPath(key)) }
        return i
    }

    public func double(_ key: String) throws(APIError) -> Double? {
        guard let v = value(key) else { return nil }
        guard let d = v.doubleValue else { throw APIError.invalid("\(fieldPath(key)) must be a number", param: fieldPath(key)) }
        return d
    }

    public func bool(_ key: String) throws(APIError) -> Bool? {
        guard let v = value(key) else { return nil }
        guard case let .bool(b) = v else { throw APIError.invalid("\(fieldPath(key)) must be a boolean", param: fieldPath(key)) }
        return b
    }

    public func object(_ key: String) throws(APIError) -> JSONObjectReader? {
        guard let v = value(key) else { return nil }
        return try JSONObjectReader(v, path: fieldPath(key), floatBlocks: floatBlocks)
    }

    public func array(_ key: String) throws(APIError) -> [JSONValue]? {
        guard let v = value(key) else { return nil }
        guard case let .array(a) = v else { throw APIError.invalid("\(fieldPath(key)) must be an array", param: fieldPath(key)) }
        return a
    }

    /// An array of strings, e.g. `exclude_ids`.
    public func strings(_ key: String) throws(APIError) -> [String]? {
        guard let a = try array(key) else { return nil }
        var out: [String] = []
        out.reserveCapacity(a.count)
        for (n, v) in a.enumerated() {
            guard case let .string(s) = v else { throw APIError.invalid("\(fieldPath(key))[\(n)] must be a string", param: "\(fieldPath(key))[\(n)]") }
            out.append(s)
        }
        return out
    }

    /// A finite float32 vector, e.g. `query_vector`; non-finite or non-numeric entries name their index.
    public func floats(_ key: String) throws(APIError) -> [Float]? {
        if let block = floatBlock(key), block.rows == 1 {
            guard !block.skipped else { throw Self.tooWide(fieldPath(key), values: block.cols) }
            return block.values
        }
        guard let a = try array(key) else { return nil }
        return try Self.floatRow(a, path: fieldPath(key))
    }

    /// The array at `key` if the parser decoded it into Float storage (see `JSONFloatPlan`).
    public func floatBlock(_ key: String) -> JSONFloatBlock? {
        floatBlocks.isEmpty ? nil : floatBlocks[fieldPath(key)]
    }

    /// A numeric array the parser skipped (`JSONFloatBlock.skipped`): wider than any stored
    /// checkpoint, so no request could use it.
    public static func tooWide(_ path: String, values: Int) -> APIError {
        APIError.invalid("\(path) has up to \(values) numbers per row, more than the dimension of any checkpoint stored here",
                         param: path, code: "shape_mismatch")
    }

    public static func floatRow(_ a: [JSONValue], path: String) throws(APIError) -> [Float] {
        var out = [Float]()
        out.reserveCapacity(a.count)
        for (n, v) in a.enumerated() {
            guard let d = v.doubleValue else { throw APIError.invalid("\(path)[\(n)] must be a number", param: "\(path)[\(n)]") }
            let f = Float(d)
            guard f.isFinite else { throw APIError.invalid("\(path)[\(n)] is not a finite float32", param: "\(path)[\(n)]", code: "non_finite_input") }
            out.append(f)
        }
        return out
    }
}
