import JSON
import Selection
import Storage

/// Turns item objects (`{"id", "question"?, "answer"?, "text"?, "metadata"?}`) into storage inputs,
/// naming the JSON path (`items[3].id`) or NDJSON line (`line 4`) of the first problem.
enum ItemParser {
    static let fields: Set<String> = ["id", "question", "answer", "text", "metadata"]

    /// `where_` is the param prefix (`items[3]` or `line 4`); `param(field)` names a field in it.
    static func parse(_ value: JSONValue, at location: ItemLocation) throws(APIError) -> ItemInput {
        guard case let .object(members) = value else { throw APIError.invalid("\(location.describe(nil)) must be a JSON object", param: location.param(nil)) }
        for m in members where !fields.contains(m.key) {
            throw APIError.invalid("\(location.describe(m.key)) is not an item field (id, question, answer, text, metadata)", param: location.param(m.key), code: "unknown_parameter")
        }
        if let m = members.first(where: { $0.value == .null }) {
            throw APIError.invalid("\(location.describe(m.key)) must not be null; omit the field instead", param: location.param(m.key))
        }
        func text(_ key: String) throws(APIError) -> String? {
            guard let v = members.first(where: { $0.key == key })?.value else { return nil }
            guard case let .string(s) = v else { throw APIError.invalid("\(location.describe(key)) must be a string", param: location.param(key)) }
            return s
        }
        guard let id = try text("id") else { throw APIError.invalid("\(location.describe("id")) is required", param: location.param("id")) }
        try Names.requireItemID(id, param: location.param("id"))
        var metadataText: String?
        if let m = members.first(where: { $0.key == "metadata" })?.value {
            guard case let .object(entries) = m else { throw APIError.invalid("\(location.describe("metadata")) must be an object", param: location.param("metadata")) }
            for e in entries {
                switch e.value {
                case .string, .int, .double, .bool: continue
                default:
                    throw APIError.invalid("\(location.describe("metadata.\(e.key)")) must be a string, number or boolean", param: location.param("metadata.\(e.key)"))
                }
            }
            metadataText = String(decoding: JSONWriter.encode(m), as: UTF8.self)
        }
        return ItemInput(extID: id, question: try text("question"), answer: try text("answer"), text: try text("text"), metadata: metadataText)
    }
}

/// Where an item sits in a request body, for error messages.
enum ItemLocation {
    case jsonIndex(Int)
    case line(Int)

    func param(_ field: String?) -> String {
        switch self {
        case let .jsonIndex(i): return field.map { "items[\(i)].\($0)" } ?? "items[\(i)]"
        case let .line(n): return "line \(n)"
        }
    }

    func describe(_ field: String?) -> String {
        switch self {
        case let .jsonIndex(i): return field.map { "items[\(i)].\($0)" } ?? "items[\(i)]"
        case let .line(n): return field.map { "line \(n): \($0)" } ?? "line \(n)"
        }
    }
}
