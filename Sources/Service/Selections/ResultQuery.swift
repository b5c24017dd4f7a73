import HTTP

/// `?format=json|ndjson|csv&offset=&limit=` of `GET /v1/jobs/{id}/result`.
struct ResultQuery: Sendable {
    enum Format: String, Sendable {
        case json, ndjson, csv

        var contentType: String {
            switch self {
            case .json: "application/json"
            case .ndjson: "application/x-ndjson"
            case .csv: "text/csv; charset=utf-8"
            }
        }
    }

    static let defaultLimit = 1000
    static let maxLimit = 100_000

    let format: Format
    let offset: Int
    let limit: Int
    /// ndjson and csv stream every row unless `offset` or `limit` is given.
    let paged: Bool

    static func parse(_ request: HTTPRequest) throws -> ResultQuery {
        let rawFormat = request.queryValue("format") ?? "json"
        guard let format = Format(rawValue: rawFormat) else {
            throw APIError.invalid("format must be json, ndjson or csv, got \"\(rawFormat.prefix(40))\"", param: "format")
        }
        let offset = try integer(request, "offset", range: 0...Int.max) ?? 0
        let limit = try integer(request, "limit", range: 1...maxLimit)
        return ResultQuery(format: format, offset: offset, limit: limit ?? defaultLimit,
                           paged: format == .json || limit != nil || request.queryValue("offset") != nil)
    }

    private static func integer(_ request: HTTPRequest, _ name: String, range: ClosedRange<Int>) throws -> Int? {
        guard let raw = request.queryValue(name) else { return nil }
        guard let value = Int(raw), range.contains(value) else {
            let bound = range.upperBound == Int.max ? ">= \(range.lowerBound)" : "in \(range.lowerBound)...\(range.upperBound)"
            throw APIError.invalid("\(name) must be an integer \(bound), got \"\(raw.prefix(40))\"", param: name)
        }
        return value
    }
}
