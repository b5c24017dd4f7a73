import JSON

/// An `--arm` value of `shortlist evaluate`: `key=value` pairs separated by commas, e.g.
/// `method=knn,k=4,dual_query=false` or `filter={"metadata.level":[1,2]},name=easy-knn`. A value
/// that parses as JSON (numbers, booleans, objects, arrays, quoted strings) is taken as that
/// JSON, anything else as a string; commas inside braces, brackets or quotes do not split.
/// `generation.temperature=0.7` sets a member of a nested object.
enum EvaluationArmSpec {
    static func parse(_ text: String) throws(ClientError) -> JSONValue {
        var members: [JSONValue.Member] = []
        for part in split(text) where !part.isEmpty {
            guard let eq = part.firstIndex(of: "="), eq != part.startIndex else {
                throw .usage("--arm \"\(text)\": \"\(part)\" is not key=value")
            }
            let key = String(part[..<eq])
            let raw = String(part[part.index(after: eq)...])
            let value = (try? JSONParser.parse(Array(raw.utf8))) ?? .string(raw)
            let path = key.split(separator: ".", maxSplits: 1).map(String.init)
            if path.count == 2, path[0] != "metadata" {
                var nested: [JSONValue.Member] = []
                if let i = members.firstIndex(where: { $0.key == path[0] }), case let .object(existing) = members[i].value {
                    nested = existing
                    members.remove(at: i)
                }
                nested.append(.init(path[1], value))
                members.append(.init(path[0], .object(nested)))
            } else {
                members.append(.init(key, value))
            }
        }
        guard !members.isEmpty else { throw .usage("--arm needs at least one key=value (e.g. method=knn)") }
        return .object(members)
    }

    /// Splits at the commas outside braces, brackets and double quotes.
    static func split(_ text: String) -> [Substring] {
        var parts: [Substring] = []
        var depth = 0
        var quoted = false
        var escaped = false
        var start = text.startIndex
        for i in text.indices {
            let c = text[i]
            if escaped {
                escaped = false
                continue
            }
            if quoted {
                if c == "\\" { escaped = true } else if c == "\"" { quoted = false }
                continue
            }
            switch c {
            case "\"": quoted = true
            case "{", "[": depth += 1
            case "}", "]": depth -= 1
            case "," where depth == 0:
                parts.append(text[start..<i])
                start = text.index(after: i)
            default: break
            }
        }
        parts.append(text[start...])
        return parts
    }
}
