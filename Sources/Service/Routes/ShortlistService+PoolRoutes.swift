import HTTP
import JSON
import Selection
import Storage

extension ShortlistService {
    func registerPoolRoutes() {
        route("POST", "/v1/pools") { [unowned self] request in
            let body = try JSONObjectReader(try request.jsonBody())
            try body.rejectUnknown(allowed: ["name", "description", "metadata"])
            let name = try body.requiredString("name")
            try Names.requireName(name, param: "name", what: "pool name")
            let description = try body.string("description")
            var metadataText: String?
            if let m = body.value("metadata") {
                guard case .object = m else { throw APIError.invalid("metadata must be an object", param: "metadata") }
                metadataText = String(decoding: JSONWriter.encode(m), as: UTF8.self)
            }
            let details = try database.write { db -> PoolDetails in
                _ = try db.createPool(name: name, description: description, metadata: metadataText)
                guard let d = try db.poolDetails(named: name) else { throw StorageError.notFound("pool '\(name)'") }
                return d
            }
            invalidatePoolCaches(name)
            return .json(201, ResourceJSON.pool(details), headers: [("Location", "/v1/pools/\(name)")])
        }
        route("GET", "/v1/pools", query: ["limit", "cursor"]) { [unowned self] request in
            let (limit, cursor) = try request.pagination()
            let list = try database.read { db -> JSONValue in
                let page = try db.listPools(limit: limit, cursor: cursor)
                let data = try page.items.compactMap { p in try db.poolDetails(named: p.name).map(ResourceJSON.pool) }
                return ResourceJSON.list(data, nextCursor: page.nextCursor)
            }
            return .json(200, list)
        }
        route("GET", "/v1/pools/{pool}") { [unowned self] request in
            let name = request.parameter("pool")
            guard let d = try database.read({ db in try db.poolDetails(named: name) }) else {
                throw APIError.notFound("pool '\(name)' not found", param: "pool")
            }
            return .json(200, ResourceJSON.pool(d))
        }
        route("DELETE", "/v1/pools/{pool}") { [unowned self] request in
            let name = request.parameter("pool")
            guard try database.write({ db in try db.deletePool(named: name) }) else {
                throw APIError.notFound("pool '\(name)' not found", param: "pool")
            }
            invalidatePoolCaches(name)
            return .empty(204)
        }
    }

    /// The pool by name, or a 404 naming `param`.
    func requirePool(_ db: Database, _ name: String, param: String = "pool") throws -> PoolRecord {
        guard let p = try db.pool(named: name) else { throw APIError.notFound("pool '\(name)' not found", param: param) }
        return p
    }

    /// Called after every write to a pool: cached feature matrices of it are dropped.
    func invalidatePoolCaches(_ poolName: String) {
        poolMatrixCache.invalidate(pool: poolName)
    }
}
