import JSON
import Selection

/// `{"metadata.<key>": value | [values]}`: an item matches when, for every key, its metadata value
/// equals the value (or one of the listed values) exactly, JSON type included (1 is not "1", and
/// 1 is not 1.0 only when the item stored a non-integral double).
struct MetadataFilter: Sendable {
    struct Clause: Sendable {
        let key: String
        let accepted: [JSONValue]
    }

    let clauses: [Clause]

    var isEmpty: Bool { clauses.isEmpty }

    init(_ reader: JSONObjectReader?) throws(APIError) {
        var clauses: [Clause] = []
        for member in reader?.members ?? [] {
            let path = reader?.fieldPath(member.key) ?? member.key
            guard member.key.hasPrefix("metadata."), member.key.count > "metadata.".count else {
                throw APIError.invalid("filter keys are \"metadata.<key>\", got \"\(member.key)\"", param: path)
            }
            let accepted: [JSONValue]
            switch member.value {
            case let .array(values): accepted = values
            default: accepted = [member.value]
            }
            for (n, v) in accepted.enumerated() {
                switch v {
                case .string, .int, .double, .bool: continue
                default:
                    let at = member.value.arrayValue == nil ? path : "\(path)[\(n)]"
                    throw APIError.invalid("a filter value is a string, number or boolean (or a list of them)", param: at)
                }
            }
            clauses.append(Clause(key: String(member.key.dropFirst("metadata.".count)), accepted: accepted))
        }
        self.clauses = clauses
    }

    func matches(_ metadata: [JSONValue.Member]) -> Bool {
        clauses.allSatisfy { clause in
            guard let value = metadata.first(where: { $0.key == clause.key })?.value else { return false }
            return clause.accepted.contains { Self.same($0, value) }
        }
    }

    /// Exact JSON-typed equality; an int and a double are the same number only when equal in value
    /// (JSON has one number type, so 2 and 2.0 both mean two).
    static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case let (.int(x), .double(y)), let (.double(y), .int(x)): return Double(x) == y
        default: return a == b
        }
    }
}
