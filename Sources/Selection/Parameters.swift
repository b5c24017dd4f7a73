import JSON

/// A method's parameters as they arrive (JSON object members), with helpers that validate and
/// record which keys were consumed, so that any key the method does not take is rejected
/// (`unknown_parameter`), including another method's keys.
public struct Parameters: Sendable {
    public private(set) var values: [String: JSONValue]

    public init(_ values: [String: JSONValue] = [:]) { self.values = values }

    /// Throws `unknown_parameter` for the first (alphabetically) key not in `allowed`.
    public func rejectUnknown(allowed: Set<String>) throws {
        if let bad = values.keys.filter({ !allowed.contains($0) }).sorted().first {
            let list = allowed.sorted().joined(separator: ", ")
            throw SelectionError(.unknownParameter, "unknown parameter \"\(bad)\"; this method takes: \(list.isEmpty ? "none" : list)", parameter: bad)
        }
    }

    public func raw(_ key: String) -> JSONValue? {
        guard let v = values[key], v != .null else { return nil }
        return v
    }

    /// A finite number, or `defaultValue` when absent.
    public func double(_ key: String, default defaultValue: Double) throws -> Double {
        guard let v = raw(key) else { return defaultValue }
        guard let d = v.doubleValue else { throw SelectionError(.invalidParameter, "\(key) must be a number", parameter: key) }
        guard d.isFinite else { throw SelectionError(.nonFiniteInput, "\(key) must be finite", parameter: key) }
        return d
    }

    public func optionalDouble(_ key: String) throws -> Double? {
        guard raw(key) != nil else { return nil }
        return try double(key, default: 0)
    }

    /// An integer (a JSON number with no fractional part), or `defaultValue` when absent.
    public func int(_ key: String, default defaultValue: Int) throws -> Int {
        guard let v = raw(key) else { return defaultValue }
        guard let i = v.intValue else { throw SelectionError(.invalidParameter, "\(key) must be an integer", parameter: key) }
        return i
    }

    public func string(_ key: String, default defaultValue: String) throws -> String {
        guard let v = raw(key) else { return defaultValue }
        guard let s = v.stringValue else { throw SelectionError(.invalidParameter, "\(key) must be a string", parameter: key) }
        return s
    }
}
