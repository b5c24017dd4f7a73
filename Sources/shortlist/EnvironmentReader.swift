import Service

/// Typed reads of `SHORTLIST_*` variables; a malformed value is an error naming the variable.
struct EnvironmentReader {
    let environment: [String: String]

    init(_ environment: [String: String]) { self.environment = environment }

    func string(_ name: String) -> String? {
        guard let v = environment[name], !v.isEmpty else { return nil }
        return v
    }

    func int(_ name: String) throws -> Int? {
        guard let s = string(name) else { return nil }
        guard let v = Int(s) else { throw ConfigurationError("\(name) must be an integer, got \"\(s)\"") }
        return v
    }

    func double(_ name: String) throws -> Double? {
        guard let s = string(name) else { return nil }
        guard let v = Double(s), v.isFinite else { throw ConfigurationError("\(name) must be a number, got \"\(s)\"") }
        return v
    }

    func bool(_ name: String) throws -> Bool? {
        guard let s = string(name)?.lowercased() else { return nil }
        switch s {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError("\(name) must be true or false, got \"\(s)\"")
        }
    }
}
