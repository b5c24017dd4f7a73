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
///
/// `threads` shards at once, each on its own thread and SQLite connection of one snapshot: a
/// shard is read straight into its thread's buffer behind the `.npy` header, hashed there and,
/// when changed, written from there in one piece, so its bytes are touched once by SQLite's
/// copy, once by the hash and once by the write, never copied. A shard's bytes depend only on its
/// rows, so the shards and the manifest are the same for every thread count.
public struct ShardExporter: Sendable {
    public let store: URL
    /// Bytes of float32 rows per shard before rounding down to whole tiles.
    public let shardBytes: Int
    /// Shards exported at once (the job's worker threads); each holds one shard's buffer.
    public let threads: Int

    public init(store: URL, shardBytes: Int, threads: Int = 1) {
        self.store = store
        self.shardBytes = max(1, shardBytes)
        self.threads = max(1, threads)
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
    /// snapshot of `database` (`threads` connections in it, unmapped like a job's scan).
    public func export(_ database: DatabasePool, pool: String, feature: String, control: SelectionControl = .none) throws -> [ShardExport] {
        try database.read(mapped: false, companions: threads - 1) { db, companions in
            guard let p = try db.pool(named: pool) else { throw EngineError("pool '\(pool)' not found") }
            guard let f = try db.feature(poolID: p.id, name: feature) else { throw EngineError("pool '\(pool)' has no feature '\(feature)'") }
            return try export([db] + companions, pool: p, feature: f, checkpoints: try db.checkpoints(featureID: f.id), control: control)
        }
    }

    /// `checkpoints` one after the other, each with up to `threads` shards at once on
    /// `connections` (one snapshot: `DatabasePool.read(mapped:companions:)`; the first one's
    /// thread is the caller's). Reports stage `exporting` after every shard (done and total
    /// count the shards of all `checkpoints`); a cancel stops it before the next shard's read
    /// and before a write, never with a half file under a shard's name.
    func export(_ connections: [Database], pool: PoolRecord, feature: FeatureRecord, checkpoints: [CheckpointRecord],
                control: SelectionControl) throws -> [ShardExport] {
        let keys = try connections[0].itemKeys(poolID: pool.id)
        let total = checkpoints.reduce(0) { $0 + (keys.count + shardRows(dim: $1.dim) - 1) / shardRows(dim: $1.dim) }
        let progress = ProgressCounter(control, stage: "exporting", total: total)
        control.progress("exporting", 0, total)
        let workers = WorkerPool(width: min(threads, connections.count))
        return try checkpoints.map {
            try export(connections, workers: workers, keys: keys, pool: pool, feature: feature, checkpoint: $0, control: control, progress: progress)
        }
    }

    private func export(_ connections: [Database], workers: WorkerPool, keys: [ItemKey], pool: PoolRecord, feature: FeatureRecord,
                        checkpoint: CheckpointRecord, control: SelectionControl, progress: ProgressCounter) throws -> ShardExport {
        guard try connections[0].completeRowCount(checkpoint: checkpoint, poolID: pool.id) == keys.count else {
            throw EngineError("checkpoint '\(checkpoint.label)' does not have one row per item of pool '\(pool.name)'")
        }
        let folder = directory(pool: pool.name, feature: feature.name, checkpoint: checkpoint.label)
        try EngineFiles.makeDirectory(folder)
        let manifestURL = folder.appendingPathComponent(ShardManifest.fileName)
        let previous = try? ShardManifest.read(manifestURL)
        let retirement = ManifestRetirement(manifestURL, previous: previous)
        let rowsPerShard = shardRows(dim: checkpoint.dim)
        let ranges = WorkerPool.ranges(keys.count, size: rowsPerShard)
        // Headers of fewer rows are never longer (padded to the same 64-byte multiple or less).
        let capacity = NPYArray.header(descr: NPYArray.float32, rows: rowsPerShard, columns: checkpoint.dim).count
            + min(rowsPerShard, keys.count) * checkpoint.dim * MemoryLayout<Float>.size
        let buffers = (0..<min(workers.width, ranges.count)).map { _ in UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 64) }
        defer { buffers.forEach { $0.deallocate() } }
        var outcomes = [(entry: ShardEntry, written: Bool)?](repeating: nil, count: ranges.count)
        try outcomes.withUnsafeMutableBufferPointer { out in
            try workers.forEach(ranges.count) { position, worker in
                try control.checkCancelled()
                out[position] = try shard(position, ranges[position], keys: keys, checkpoint: checkpoint, from: connections[worker],
                                          into: buffers[worker], folder: folder, previous: previous, retirement: retirement, control: control)
                progress.add(1)
            }
        }
        let shards = outcomes.map { $0!.entry }
        let manifest = ShardManifest(
            pool: pool.name, feature: feature.name, checkpoint: checkpoint.label, rows: keys.count, dim: checkpoint.dim,
            shardRows: rowsPerShard, itemIDs: keys.map(\.extID), shards: shards)
        try EngineFiles.write(JSONWriter.encode(manifest.json), to: manifestURL)
        // Shards past the new last one belong to a larger earlier export.
        for stale in (previous?.shards ?? []).dropFirst(shards.count) {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(stale.file))
        }
        let written = outcomes.indices.filter { outcomes[$0]!.written }
        return ShardExport(manifest: manifest, manifestURL: manifestURL, written: written,
                           reused: outcomes.indices.filter { !outcomes[$0]!.written })
    }

    /// Shard `position` (rows `range`): its file's bytes built in `buffer` (header, then the rows
    /// as SQLite copies them out of their blobs), hashed there, and written unless the file
    /// already there has them.
    private func shard(_ position: Int, _ range: Range<Int>, keys: [ItemKey], checkpoint: CheckpointRecord, from db: Database,
                       into buffer: UnsafeMutableRawBufferPointer, folder: URL, previous: ShardManifest?,
                       retirement: ManifestRetirement, control: SelectionControl) throws -> (entry: ShardEntry, written: Bool) {
        let header = NPYArray.header(descr: NPYArray.float32, rows: range.count, columns: checkpoint.dim)
        let length = header.count + range.count * checkpoint.dim * MemoryLayout<Float>.size
        buffer.copyBytes(from: header)
        // The header is a multiple of 64 bytes long, so the rows start float-aligned.
        let rows = (buffer.baseAddress! + header.count).bindMemory(to: Float.self, capacity: range.count * checkpoint.dim)
        try db.readRows(checkpoint: checkpoint, itemIDs: keys[range.lowerBound].rowID...keys[range.upperBound - 1].rowID,
                        count: range.count, into: rows)
        let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<length])
        let entry = ShardEntry(file: Self.fileName(position), rowOffset: range.lowerBound, rows: range.count, bytes: length,
                               sha256: SHA256.hexDigest(bytes))
        let url = folder.appendingPathComponent(entry.file)
        if let old = previous?.shards, old.indices.contains(position), old[position] == entry, Self.size(of: url) == entry.bytes {
            return (entry, false)
        }
        try control.checkCancelled()
        try retirement.retire()
        try EngineFiles.write(bytes, to: url)
        return (entry, true)
    }

    static func fileName(_ position: Int) -> String {
        "shard-" + String(repeating: "0", count: max(0, 5 - String(position).count)) + String(position) + ".npy"
    }

    private static func size(of url: URL) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue
    }
}
