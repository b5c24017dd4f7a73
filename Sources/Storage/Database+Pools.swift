extension Database {
    private static let poolColumns = "id, name, description, metadata, created_at"

    /// Creates a pool and its (empty) search table; `StorageError.conflict` when the name is taken.
    public func createPool(name: String, description: String? = nil, metadata: String? = nil) throws -> PoolRecord {
        let createdAt = Timestamp.now()
        return try transaction {
            try insert("INSERT INTO pools (name, description, metadata, created_at) VALUES (?, ?, ?, ?)",
                       [.text(name), .optionalText(description), .optionalText(metadata), .text(createdAt)],
                       conflict: "pool '\(name)'")
            let id = lastInsertRowID
            try createItemSearchTable(poolID: id)
            return PoolRecord(id: id, name: name, description: description, metadata: metadata, createdAt: createdAt)
        }
    }

    public func pool(named name: String) throws -> PoolRecord? {
        try fetchOne("SELECT \(Self.poolColumns) FROM pools WHERE name = ?", [.text(name)], Self.poolRecord)
    }

    /// The pool, or `StorageError.notFound` naming it.
    public func requirePool(named name: String) throws -> PoolRecord {
        guard let pool = try pool(named: name) else { throw StorageError.notFound("pool '\(name)'") }
        return pool
    }

    /// The pool with its item count and every feature's checkpoint status.
    public func poolDetails(named name: String) throws -> PoolDetails? {
        guard let pool = try pool(named: name) else { return nil }
        return PoolDetails(pool: pool, itemCount: try itemCount(poolID: pool.id),
                           features: try featureDetails(poolID: pool.id))
    }

    public func listPools(order: PoolOrder = .name, limit: Int, cursor: String? = nil) throws -> Page<PoolRecord> {
        try PageCursor.validate(limit: limit)
        let pools: [PoolRecord]
        switch order {
        case .name:
            let after = try cursor.map { try PageCursor.decode($0, kind: "pools.name") }
            pools = try fetchAll("SELECT \(Self.poolColumns) FROM pools WHERE name > ? ORDER BY name LIMIT ?",
                                 [.text(after ?? ""), .int(limit + 1)], Self.poolRecord)
        case .id:
            let after = try cursor.map { try PageCursor.decodeInteger($0, kind: "pools.id") }
            pools = try fetchAll("SELECT \(Self.poolColumns) FROM pools WHERE id > ? ORDER BY id LIMIT ?",
                                 [.integer(after ?? Int64.min), .int(limit + 1)], Self.poolRecord)
        }
        let page = Array(pools.prefix(limit))
        guard pools.count > limit, let last = page.last else { return Page(items: page, nextCursor: nil) }
        let next = order == .name ? PageCursor.encode(kind: "pools.name", key: last.name)
            : PageCursor.encode(kind: "pools.id", key: last.id)
        return Page(items: page, nextCursor: next)
    }

    /// Deletes the pool and, by cascade, its items, features, checkpoints and rows, and its search
    /// table. False if absent.
    @discardableResult
    public func deletePool(named name: String) throws -> Bool {
        try transaction {
            let ids = try fetchAll("DELETE FROM pools WHERE name = ? RETURNING id", [.text(name)]) { $0.int64(at: 0) }
            for id in ids { try dropItemSearchTable(poolID: id) }
            return !ids.isEmpty
        }
    }

    private static func poolRecord(_ row: Statement) -> PoolRecord {
        PoolRecord(id: row.int64(at: 0), name: row.text(at: 1), description: row.optionalText(at: 2),
                   metadata: row.optionalText(at: 3), createdAt: row.text(at: 4))
    }
}
