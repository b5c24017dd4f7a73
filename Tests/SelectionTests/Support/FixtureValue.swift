import JSON
import Selection

/// Any JSON value of a fixture file, decoded with integers kept apart from doubles.
indirect enum FixtureValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([FixtureValue])
    case object([String: FixtureValue])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([FixtureValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: FixtureValue].self)) }
    }

    /// The engine's JSON value (parameters are handed to selectors in this form).
    var json: JSONValue {
        switch self {
        case .null: return .null
        case let .bool(b): return .bool(b)
        case let .int(i): return .int(i)
        case let .double(d): return .double(d)
        case let .string(s): return .string(s)
        case let .array(a): return .array(a.map(\.json))
        case let .object(o): return .object(o.keys.sorted().map { JSONValue.Member($0, o[$0]!.json) })
        }
    }

    var doubleValue: Double? {
        switch self {
        case let .int(i): return Double(i)
        case let .double(d): return d
        default: return nil
        }
    }
}
