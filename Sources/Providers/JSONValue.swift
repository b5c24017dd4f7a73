/// A JSON document, used for request bodies so that the bytes sent and the cache key are the same
/// canonical text (sorted keys, no whitespace) on every platform.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
}
