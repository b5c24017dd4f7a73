import Foundation
import HTTP
import JSON
import Selection

extension HTTPResponse {
    /// A JSON response from a value (deterministic key order).
    static func json(_ status: HTTPStatus, _ value: JSONValue, headers: [(String, String)] = []) -> HTTPResponse {
        var r = HTTPResponse.json(status, JSONWriter.encode(value))
        for (name, v) in headers { r.headers.set(name, v) }
        return r
    }
}

extension HTTPRequest {
    /// The body parsed as one JSON value, within the route's body limit.
    func jsonBody() throws -> JSONValue {
        try jsonDocument(plan: nil).value
    }

    /// The body parsed as one JSON value, the numeric arrays `plan` names decoded into Float
    /// storage up to `limits` (past them skipped unread); the body's bytes are released once parsed.
    func jsonDocument(plan: JSONFloatPlan?, limits: JSONFloatLimits = .none) throws -> JSONDocument {
        let bytes = try body.collect(limit: bodyLimit)
        guard !bytes.isEmpty else { throw APIError.invalid("the request body is empty; send a JSON object") }
        do {
            return try bytes.withUnsafeBufferPointer { buffer throws(JSONParser.Failure) in
                try JSONParser.parseDocument(buffer: buffer, plan: plan, limits: limits)
            }
        } catch {
            throw error.apiError()
        }
    }

    /// The media type of the body, lower-cased, without parameters (`application/json`).
    var mediaType: String? {
        headers["content-type"].map { $0.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased() }
    }

    /// A path parameter the router guarantees.
    func parameter(_ name: String) -> String { pathParameters[name] ?? "" }

    /// `?limit=` (default 100, 1...1000) and `?cursor=` of every list route.
    func pagination(defaultLimit: Int = 100, maxLimit: Int = 1000) throws -> (limit: Int, cursor: String?) {
        var limit = defaultLimit
        if let raw = queryValue("limit") {
            guard let v = Int(raw), v >= 1, v <= maxLimit else {
                throw APIError.invalid("limit must be an integer in 1...\(maxLimit), got \"\(raw)\"", param: "limit")
            }
            limit = v
        }
        let cursor = queryValue("cursor")
        if cursor == "" { throw APIError.invalid("cursor must not be empty; omit it for the first page", param: "cursor") }
        return (limit, cursor)
    }
}
