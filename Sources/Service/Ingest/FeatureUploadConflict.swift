import Storage

/// The re-checks an upload makes under the writer lock, after its body was validated against a
/// `FeatureUploadSnapshot`: anything another request changed in between is a 409 `conflict`
/// (the client may simply retry), and nothing is written.
enum FeatureUploadConflict {
    /// The pool, if it is still the one the upload was validated against (not deleted or recreated).
    static func requireSamePool(_ db: Database, _ snapshot: FeatureUploadSnapshot) throws -> PoolRecord {
        guard let pool = try db.pool(named: snapshot.pool.name), pool.id == snapshot.pool.id else {
            throw changed("pool '\(snapshot.pool.name)' was deleted or recreated")
        }
        return pool
    }

    /// An `.npy` body's rows map to the items by index: the item list must be exactly the same.
    static func requireSameItems(_ db: Database, _ snapshot: FeatureUploadSnapshot) throws {
        guard try db.itemRowIDs(poolID: snapshot.pool.id).elementsEqual(snapshot.items.lazy.map(\.rowID)) else {
            throw changed("items of pool '\(snapshot.pool.name)' were added or deleted")
        }
    }

    /// An NDJSON body names items by id: each of them must still be in the pool.
    static func requireItemsStillPresent(_ db: Database, _ snapshot: FeatureUploadSnapshot, rowIDs: some Sequence<Int64>) throws {
        let present = Set(try db.itemRowIDs(poolID: snapshot.pool.id))
        guard rowIDs.allSatisfy(present.contains) else {
            throw changed("an item this upload names was deleted from pool '\(snapshot.pool.name)'")
        }
    }

    /// The checkpoint was created (or recreated) by another upload with another dim.
    static func dimChanged(label: String, dim: Int, uploaded: Int) -> APIError {
        changed("checkpoint '\(label)' now has dim \(dim); this upload has \(uploaded) columns")
    }

    private static func changed(_ what: String) -> APIError {
        APIError.conflict("\(what) while the upload was being received; nothing was written, retry the upload",
                          param: "pool", code: "pool_changed")
    }
}
