import HTTP

extension HTTPRequest {
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
