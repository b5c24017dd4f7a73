import HTTP
import JSON
import Selection
import Storage

extension ShortlistService {
    func registerItemRoutes() {
        route("POST", "/v1/pools/{pool}/items", bodyLimit: configuration.largeBodyLimit, streamLimit: configuration.largeBodyLimit) { [unowned self] request in
            let poolName = request.parameter("pool")
            // Fail fast on an unknown pool before reading a large body.
            _ = try database.read { db in try requirePool(db, poolName) }
            let items = try parseItemsBody(request)
            let counts = try database.write { db -> UpsertCounts in
                let pool = try requirePool(db, poolName)
                return try db.upsertItems(poolID: pool.id, items)
            }
            invalidatePoolCaches(poolName)
            return .json(200, .object(["inserted": .int(counts.inserted), "updated": .int(counts.updated)]))
        }
        route("GET", "/v1/pools/{pool}/items", query: ["limit", "cursor"]) { [unowned self] request in
            let poolName = request.parameter("pool")
            let (limit, cursor) = try request.pagination()
            let list = try database.read { db -> JSONValue in
                let pool = try requirePool(db, poolName)
                let page = try db.listItems(poolID: pool.id, limit: limit, cursor: cursor)
                return ResourceJSON.list(page.items.map(ResourceJSON.item), nextCursor: page.nextCursor)
            }
            return .json(200, list)
        }
        route("GET", "/v1/pools/{pool}/items/{id}") { [unowned self] request in
            let (poolName, id) = (request.parameter("pool"), request.parameter("id"))
            let item = try database.read { db -> ItemRecord? in
                try db.item(poolID: try requirePool(db, poolName).id, extID: id)
            }
            guard let item else { throw APIError.notFound("item '\(id)' not found in pool '\(poolName)'", param: "id") }
            return .json(200, ResourceJSON.item(item))
        }
        route("DELETE", "/v1/pools/{pool}/items/{id}") { [unowned self] request in
            let (poolName, id) = (request.parameter("pool"), request.parameter("id"))
            let deleted = try database.write { db in try db.deleteItem(poolID: try requirePool(db, poolName).id, extID: id) }
            guard deleted else { throw APIError.notFound("item '\(id)' not found in pool '\(poolName)'", param: "id") }
            invalidatePoolCaches(poolName)
            return .empty(204)
        }
    }

    /// NDJSON (one item per line) or JSON `{"items": [...]}`; every item validated before anything
    /// is written, and an id repeated within the body is an error naming its second occurrence.
    func parseItemsBody(_ request: HTTPRequest) throws -> [ItemInput] {
        var items: [ItemInput] = []
        var seen: [String: String] = [:]
        func add(_ item: ItemInput, _ location: ItemLocation) throws {
            if let first = seen[item.extID] {
                throw APIError.invalid("duplicate id \"\(item.extID)\" in the body (first at \(first))", param: location.param("id"))
            }
            seen[item.extID] = location.describe(nil)
            items.append(item)
        }
        switch request.mediaType {
        case "application/x-ndjson", "application/ndjson", "application/jsonl":
            var lines = NDJSONLineReader(body: request.body, limit: request.bodyLimit)
            while let (n, bytes) = try lines.next() {
                let value: JSONValue
                do { value = try JSONParser.parse(Array(bytes)) } catch { throw error.apiError(line: n) }
                try add(try ItemParser.parse(value, at: .line(n)), .line(n))
            }
        case nil:
            // Parsing it as JSON anyway answered `unknown field "id"` to an NDJSON body sent bare.
            throw APIError.invalid("Content-Type is missing; send application/x-ndjson (one item per line) or application/json ({\"items\": [...]})",
                                   param: "Content-Type", code: "unsupported_media_type")
        case "application/json":
            let body = try JSONObjectReader(try request.jsonBody())
            try body.rejectUnknown(allowed: ["items"])
            guard let array = try body.array("items") else { throw APIError.invalid("items is required", param: "items") }
            for (i, v) in array.enumerated() { try add(try ItemParser.parse(v, at: .jsonIndex(i)), .jsonIndex(i)) }
        case let other?:
            throw APIError.invalid("Content-Type \(other) is not supported here; send application/x-ndjson (one item per line) or application/json ({\"items\": [...]})",
                                   param: "Content-Type", code: "unsupported_media_type")
        }
        guard !items.isEmpty else { throw APIError.invalid("the body holds no items", param: "items") }
        return items
    }
}
