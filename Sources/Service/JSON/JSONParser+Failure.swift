import JSON

extension JSONParser.Failure {
    /// A malformed-body error naming the JSON path at fault (and the byte offset), or for NDJSON
    /// the line (`line N`).
    public func apiError(line: Int? = nil) -> APIError {
        if let line {
            let place = path.isEmpty ? "" : " at \(path)"
            return APIError.invalid("malformed JSON on line \(line)\(place): \(message)", param: "line \(line)")
        }
        return APIError.invalid("malformed JSON: \(description)", param: path.isEmpty ? nil : path)
    }
}
