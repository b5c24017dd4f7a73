import JSON

extension JSONParser.Failure {
    /// A malformed-body error naming the byte offset (JSON) or the line (`line N` for NDJSON).
    public func apiError(line: Int? = nil) -> APIError {
        if let line { return APIError.invalid("malformed JSON on line \(line): \(message)", param: "line \(line)") }
        return APIError.invalid("malformed JSON: \(description)")
    }
}
