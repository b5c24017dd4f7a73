import Foundation
import JSON
import Providers
import Selection
import Storage

/// Writes a feature checkpoint as `.npy` shards of contiguous rows plus `manifest.json`
/// (`ShardManifest`) under `<store>/<pool>/<feature>/<checkpoint>/`: the sharded run's input
/// (docs/scaling.md, "Export"). Incremental: a shard whose file would get the same bytes (same
/// SHA-256, size and place in the manifest) as the file already there is not written again, so
/// re-exporting a pool where a few rows changed rewrites only their shards.
public struct ShardExporter: Sendable {
    public let store: URL
    /// Bytes of float32 rows per shard before rounding down to whole tiles.
    public let shardBytes: Int

    public init(store: URL, shardBytes: Int) {
        self.store = store
        self.shardBytes = max(1, shardBytes)
    }

    /// Rows per shard at `dim`: `shardBytes` of rows rounded down to whole tiles of
    /// `ShardCosines.rowAlignment` rows (at least one tile), so shard boundaries are tile
    /// boundaries of the local similarity pass.
    public func shardRows(dim: Int) -> Int {
        let align = ShardCosines.rowAlignment
        return max(align, shardBytes / max(1, dim * MemoryLayout<Float>.size) / align * align)
    }

    public func directory(pool: String, feature: String, checkpoint: String) -> URL {
        store.appendingPathComponent(EngineFiles.component(pool)).appendingPathComponent(EngineFiles.component(feature))
            .appendingPathComponent(EngineFiles.component(checkpoint))
    }

    /// `export(_:pool:feature:)` on the database file at `databasePath` (`shortlist engine export`).
    public func export(databasePath: String, pool: String, feature: String) throws -> [ShardExport] {
        try export(try DatabasePool(path: databasePath), pool: pool, feature: feature)
    }

    /// Every checkpoint of feature `feature` of pool `pool`, in creation order, from one read
    /// snapshot of `database`.
    public func export(_ database: DatabasePool, pool: String, feature: String) throws -> [ShardExport] {
        try database.read { db in
            guard let p = try db.pool(named: pool) else { throw EngineError("pool '\(pool)' not found") }
            guard let f = try db.feature(poolID: p.id, name: feature) else { throw EngineError("pool '\(pool)' has no feature '\(feature)'") }
            return try db.checkpoints(featureID: f.id).map { try export(db, pool: p, feature: f, checkpoint: $0) }
        }
    }

    /// One checkpoint; run inside a read snapshot (`database.read`) so the rows and item ids agree.
    func export(_ db: Database, pool: PoolRecord, feature: FeatureRecord, checkpoint: CheckpointRecord) throws -> ShardExport {
        let folder = directory(pool: pool.name, feature: feature.name, checkpoint: checkpoint.label)
        try EngineFiles.makeDirectory(folder)
        let manifestURL = folder.appendingPathComponent(ShardManifest.fileName)
        let previous = try? ShardManifest.read(manifestURL)
        let rowsPerShard = shardRows(dim: checkpoint.dim)
        let keys = try db.itemKeys(poolID: pool.id)
        var shards: [ShardEntry] = []
        var written: [Int] = []
        var reused: [Int] = []
        try db.forEachBlock(checkpoint: checkpoint, poolID: pool.id, rows: rowsPerShard) { start, rows, values in
            let position = shards.count
            let bytes = NPYArray.file(descr: NPYArray.float32, rows: rows, columns: checkpoint.dim, payload: UnsafeRawBufferPointer(values))
            let entry = ShardEntry(file: Self.fileName(position), rowOffset: start, rows: rows, bytes: bytes.count,
                                   sha256: SHA256.hexDigest(bytes))
            let url = folder.appendingPathComponent(entry.file)
            if let old = previous?.shards, old.indices.contains(position), old[position] == entry, Self.size(of: url) == entry.bytes {
                reused.append(position)
            } else {
                try EngineFiles.write(bytes, to: url)
                written.append(position)
            }
            shards.append(entry)
        }
        let manifest = ShardManifest(
            pool: pool.name, feature: feature.name, checkpoint: checkpoint.label, rows: keys.count, dim: checkpoint.dim,
            shardRows: rowsPerShard, itemIDs: keys.map(\.extID), shards: shards)
        try EngineFiles.write(JSONWriter.encode(manifest.json), to: manifestURL)
        // Shards past the new last one belong to a larger earlier export.
        for stale in (previous?.shards ?? []).dropFirst(shards.count) {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(stale.file))
        }
        return ShardExport(manifest: manifest, manifestURL: manifestURL, written: written, reused: reused)
    }

    static func fileName(_ position: Int) -> String {
        "shard-" + String(repeating: "0", count: max(0, 5 - String(position).count)) + String(position) + ".npy"
    }

    private static func size(of url: URL) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue
    }
}
