import HTTP

extension HTTPRequest {
    /// Query parameters outside `allowed` are a 400 `unknown_parameter` naming them (a typo must
    /// not silently fall back to a default), and so is a parameter given twice (which one counts
    /// would be a guess).
    func requireKnownQuery(_ allowed: Set<String>) throws {
        var seen = Set<String>()
        for (name, _) in query {
            guard allowed.contains(name) else {
                throw APIError.invalid("unknown query parameter \(name)", param: name, code: "unknown_parameter")
            }
            guard seen.insert(name).inserted else {
                throw APIError.invalid("query parameter \(name) is given more than once", param: name)
            }
        }
    }

    /// `?name=` as an integer in `range`, nil when absent; anything else is a 400 naming it.
    func queryInteger(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let raw = queryValue(name) else { return nil }
        guard let value = Int(raw), range.contains(value) else {
            let bound = range.upperBound == Int.max ? ">= \(range.lowerBound)" : "in \(range.lowerBound)...\(range.upperBound)"
            throw APIError.invalid("\(name) must be an integer \(bound), got \"\(raw.prefix(40))\"", param: name)
        }
        return value
    }
}
