/// A JSON value with integers kept apart from doubles and objects kept in key order (the output
/// key order is the order given: deterministic responses). `verbatim` is JSON text already
/// written and validated once, e.g. a stored document, that the writer splices in unchanged.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([Member])
    /// Well-formed JSON text (one value), written as is: never parsed again, never escaped.
    case verbatim(String)

    public struct Member: Sendable, Equatable {
        public let key: String
        public let value: JSONValue
        public init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// Builds an object from ordered pairs.
    public static func object(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue {
        .object(pairs.map { Member($0.key, $0.value) })
    }

    public subscript(key: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The numeric value of an `int` or `double`.
    public var doubleValue: Double? {
        switch self {
        case let .int(i): return Double(i)
        case let .double(d): return d
        default: return nil
        }
    }

    /// The value of an `int`, or of a `double` that is an exact integer.
    public var intValue: Int? {
        switch self {
        case let .int(i): return i
        case let .double(d):
            guard d.isFinite, d.rounded() == d, abs(d) < 9.007_199_254_740_992e15 else { return nil }
            return Int(d)
        default: return nil
        }
    }

    public var stringValue: String? {
        if case let .string(s) = self { return s }
        return nil
    }

    public var boolValue: Bool? {
        if case let .bool(b) = self { return b }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case let .array(a) = self { return a }
        return nil
    }
}

extension JSONValue {
    public static func doubles(_ xs: [Double]) -> JSONValue { .array(xs.map { .double($0) }) }
    public static func ints(_ xs: [Int]) -> JSONValue { .array(xs.map { .int($0) }) }
}
