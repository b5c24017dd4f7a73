import HTTP

/// The query parameters a route takes, enforced the same way on every route: a name the route
/// does not take is a 400 (a typo such as `?checkpont=` would otherwise be silently ignored), and
/// so is a name given twice (otherwise the first would silently win over the second).
struct QueryParameterCheck: Sendable {
    let allowed: Set<String>

    func validate(_ query: [(name: String, value: String)]) throws(APIError) {
        guard !query.isEmpty else { return }
        var seen = Set<String>()
        for (name, _) in query {
            guard allowed.contains(name) else {
                let takes = allowed.isEmpty ? "this route takes no query parameters" : "this route takes \(allowed.sorted().joined(separator: ", "))"
                throw APIError.invalid("unknown query parameter \(name); \(takes)", param: name, code: "unknown_parameter")
            }
            guard seen.insert(name).inserted else {
                throw APIError.invalid("query parameter \(name) is given more than once; give it once", param: name, code: "duplicate_parameter")
            }
        }
    }
}
