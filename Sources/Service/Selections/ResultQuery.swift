import HTTP

/// `?format=json|ndjson|jsonl|csv&offset=&limit=&include=items` of `GET /v1/jobs/{id}/result`.
struct ResultQuery: Sendable {
    enum Format: String, Sendable {
        /// `jsonl` is `ndjson` under the name training tools use for the same lines.
        case json, ndjson, jsonl, csv

        var contentType: String {
            switch self {
            case .json: "application/json"
            case .ndjson, .jsonl: "application/x-ndjson"
            case .csv: "text/csv; charset=utf-8"
            }
        }

        var isLines: Bool { self == .ndjson || self == .jsonl }
    }

    /// What each row carries besides the selection's own figures.
    enum Include: String, Sendable {
        /// The selected item's content (question, answer, text, metadata), read at export time.
        case items
    }

    static let defaultLimit = 1000
    static let maxLimit = 100_000

    let format: Format
    let offset: Int
    let limit: Int
    /// ndjson and csv stream every row unless `offset` or `limit` is given.
    let paged: Bool
    let include: Include?

    static func parse(_ request: HTTPRequest) throws -> ResultQuery {
        let rawFormat = request.queryValue("format") ?? "json"
        guard let format = Format(rawValue: rawFormat) else {
            throw APIError.invalid("format must be json, ndjson, jsonl or csv, got \"\(rawFormat.prefix(40))\"", param: "format")
        }
        let include = try parseInclude(request, format: format)
        let offset = try request.queryInteger("offset", in: 0...Int.max) ?? 0
        let limit = try request.queryInteger("limit", in: 1...maxLimit)
        return ResultQuery(format: format, offset: offset, limit: limit ?? defaultLimit,
                           paged: format == .json || limit != nil || request.queryValue("offset") != nil, include: include)
    }

    /// `include=items` adds nested metadata to each row, which a CSV cell cannot hold.
    private static func parseInclude(_ request: HTTPRequest, format: Format) throws -> Include? {
        guard let raw = request.queryValue("include") else { return nil }
        guard let include = Include(rawValue: raw) else {
            throw APIError.invalid("include must be items, got \"\(raw.prefix(40))\"", param: "include")
        }
        guard format != .csv else {
            throw APIError.invalid("include=items needs format json, ndjson or jsonl (item metadata does not fit a CSV cell)", param: "include")
        }
        return include
    }
}
