// Storage benchmark: 100,000 x 768 float32 through the streaming writer and back, against a bare
// SQLite loop in the same run. Built by run.sh with -O together with Sources/Storage (one module).
import CSQLite
import Foundation

let rows = Int(ProcessInfo.processInfo.environment["BENCH_ROWS"] ?? "") ?? 100_000
let dim = Int(ProcessInfo.processInfo.environment["BENCH_DIM"] ?? "") ?? 768
let repeats = 3
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("shortlist-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
let path = directory.appendingPathComponent("bench.db").path

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

// BENCH_MMAP overrides the configured mmap_size (0 = plain reads, as before the setting existed).
let mmapSize = Int(ProcessInfo.processInfo.environment["BENCH_MMAP"] ?? "") ?? DatabaseConfiguration().mmapSize
let pool = try DatabasePool(path: path, configuration: DatabaseConfiguration(mmapSize: mmapSize))
// BENCH_CACHE_KIB sets the writer's page cache (SQLite's default is 2,000 KiB).
if let cache = ProcessInfo.processInfo.environment["BENCH_CACHE_KIB"] {
    try pool.write { try $0.execute("PRAGMA cache_size = -\(cache)") }
}
let (poolRecord, checkpoint) = try pool.write { db -> (PoolRecord, CheckpointRecord) in
    let created = try db.createPool(name: "bench")
    try db.upsertItems(poolID: created.id, (0..<rows).map { ItemInput(extID: "item\($0)", text: "t") })
    let feature = try db.createFeature(poolID: created.id, name: "embedding")
    return (created, try db.createCheckpoint(featureID: feature.id, label: "default", dim: dim))
}
let keys = try pool.read { try $0.itemKeys(poolID: poolRecord.id) }
var source = [Float](repeating: 0, count: dim)
for column in 0..<dim { source[column] = Float(column) * 0.001 }

/// Times `sql` inserting every row (one transaction) into a table made by `create`; creating and
/// dropping the table are not timed.
func timedInsert(create: String?, drop: String?, sql: String, checkpointID: Int64) throws -> Double {
    try pool.write { db in
        if let create { try db.execute(create) }
        let statement = try db.prepare(sql)
        let time = try seconds {
            try db.transaction {
                try source.withUnsafeBytes { vector in
                    for key in keys {
                        try statement.bind(checkpointID, at: 1)
                        try statement.bind(key.rowID, at: 2)
                        try statement.bindStatic(blob: vector.baseAddress!, byteCount: vector.count, at: 3)
                        try statement.step()
                        statement.reset()
                    }
                }
            }
        }
        if let drop { try db.execute(drop) }
        return time
    }
}

/// A fresh checkpoint per run, so the writer appends without deleting; dropped untimed afterwards.
func timedWriterIntoFreshCheckpoint(run: Int) throws -> Double {
    try pool.write { db in
        let fresh = try db.createCheckpoint(featureID: checkpoint.featureID, label: "fresh\(run)", dim: dim)
        let time = try seconds {
            let writer = try FeatureRowWriter(db: db, checkpoint: fresh, mode: .replaceAll)
            try source.withUnsafeBufferPointer { vector in
                for key in keys { try writer.append(itemRowID: key.rowID, vector: vector) }
            }
            try writer.commit()
        }
        try db.deleteCheckpoint(checkpointID: fresh.id)
        return time
    }
}

var plainTimes: [Double] = []
var keyedTimes: [Double] = []
var directTimes: [Double] = []
var writerTimes: [Double] = []
var replaceTimes: [Double] = []
for run in 0..<repeats {
    plainTimes.append(try timedInsert(create: "CREATE TABLE floor_plain (id INTEGER PRIMARY KEY, v BLOB)",
                                      drop: "DROP TABLE floor_plain",
                                      sql: "INSERT INTO floor_plain (id, v) VALUES (?2 + 0 * ?1, ?3)", checkpointID: 0))
    keyedTimes.append(try timedInsert(
        create: "CREATE TABLE floor_keyed (checkpoint_id INTEGER, item_id INTEGER, v BLOB, PRIMARY KEY (checkpoint_id, item_id))",
        drop: "DROP TABLE floor_keyed", sql: "INSERT INTO floor_keyed VALUES (?1, ?2, ?3)", checkpointID: 0))
    let direct = try pool.write { try $0.createCheckpoint(featureID: checkpoint.featureID, label: "direct\(run)", dim: dim) }
    directTimes.append(try timedInsert(create: nil, drop: "DELETE FROM checkpoints WHERE id = \(direct.id)",
                                       sql: "INSERT INTO feature_rows VALUES (?1, ?2, ?3)", checkpointID: direct.id))
    writerTimes.append(try timedWriterIntoFreshCheckpoint(run: run))
    // The npy path on a filled checkpoint: delete every old row, then write, in one transaction.
    replaceTimes.append(try seconds {
        try pool.write { db in
            let writer = try FeatureRowWriter(db: db, checkpoint: checkpoint, mode: .replaceAll)
            try source.withUnsafeBufferPointer { vector in
                for key in keys { try writer.append(itemRowID: key.rowID, vector: vector) }
            }
            try writer.commit()
        }
    })
}

var matrix = [Float](repeating: 0, count: rows * dim)
let bytes = Double(rows * dim * 4)

func bareRead(_ db: Database, sql: String) throws {
    let statement = try db.prepare(sql)
    try statement.bind(checkpoint.id, at: 1)
    let rowBytes = dim * 4
    try matrix.withUnsafeMutableBytes { buffer in
        var offset = 0
        while try statement.step() {
            let blob = sqlite3_column_blob(statement.handle, 0)
            let count = Int(sqlite3_column_bytes(statement.handle, 0))
            if let blob, count == rowBytes, offset + rowBytes <= buffer.count {
                memcpy(buffer.baseAddress! + offset, blob, rowBytes)
            }
            offset += rowBytes
        }
    }
}

print("reader mmap_size = \(try pool.read { try $0.fetchInt("PRAGMA mmap_size") })")

var bareOrdered: [Double] = []
var bareUnordered: [Double] = []
var readMatrixTimes: [Double] = []
var blockTimes: [Double] = []
for _ in 0..<repeats {
    bareUnordered.append(try seconds { try pool.read { try bareRead($0, sql: "SELECT vector FROM feature_rows WHERE checkpoint_id = ?") } })
    bareOrdered.append(try seconds {
        try pool.read { try bareRead($0, sql: "SELECT vector FROM feature_rows WHERE checkpoint_id = ? ORDER BY item_id") }
    })
    readMatrixTimes.append(try seconds {
        try matrix.withUnsafeMutableBufferPointer { buffer in
            _ = try pool.read { try $0.readMatrix(checkpoint: checkpoint, poolID: poolRecord.id, into: buffer) }
        }
    })
    var checksum: Float = 0
    blockTimes.append(try seconds {
        try pool.read { try $0.forEachBlock(checkpoint: checkpoint, poolID: poolRecord.id, rows: 1_000) { _, _, block in
            checksum += block[block.count - 1]
        } }
    })
    precondition(checksum > 0)
}
precondition(matrix[(rows - 1) * dim + dim - 1] == source[dim - 1], "read-back mismatch")

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
let fileBytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
print("rows=\(rows) dim=\(dim) repeats=\(repeats) (median; all runs in seconds)")
for (name, times) in [("floor insert, bare INTEGER PRIMARY KEY table", plainTimes),
                      ("floor insert, bare (checkpoint_id, item_id) key", keyedTimes),
                      ("plain INSERT into feature_rows (schema: FKs + item index)", directTimes),
                      ("FeatureRowWriter into an empty checkpoint", writerTimes),
                      ("FeatureRowWriter replaceAll of a full checkpoint (delete + write)", replaceTimes)] {
    print(String(format: "%@: %.0f rows/s  %@", name, Double(rows) / median(times), times.description))
}
for (name, times) in [("bare SELECT vector (rowid order) + memcpy", bareUnordered),
                      ("bare SELECT vector ORDER BY item_id + memcpy", bareOrdered),
                      ("readMatrix (completeness check + read)", readMatrixTimes),
                      ("forEachBlock rows: 1000", blockTimes)] {
    print(String(format: "%@: %.0f rows/s, %.2f GB/s  %@", name, Double(rows) / median(times), bytes / median(times) / 1e9,
                 times.description))
}
print(String(format: "readMatrix / bare ordered: %.2f; db file %.0f MB (payload %.0f MB)",
             median(bareOrdered) / median(readMatrixTimes), Double(fileBytes) / 1e6, bytes / 1e6))

// Machine-readable figures for bench/bench.py (bench/results/storage.jsonl): each write against the
// bare INTEGER PRIMARY KEY insert, each read against the bare ordered SELECT loop, same run.
let shape = "\(rows) x \(dim) float32, median of \(repeats), mmap_size \(mmapSize), -O -wmo"
let insertFloor = Double(rows) / median(plainTimes), readFloor = Double(rows) / median(bareOrdered)
for (name, times) in [("insert-keyed-rows-per-s", keyedTimes), ("insert-rows-per-s", directTimes),
                      ("writer-rows-per-s", writerTimes), ("writer-replace-all-rows-per-s", replaceTimes)] {
    print(String(format: "BENCH-RESULT name=%@ value=%.0f unit=rows/s floor=%.0f note=floor: bare INSERT, INTEGER PRIMARY KEY table; %@",
                 name, Double(rows) / median(times), insertFloor, shape))
}
for (name, times) in [("select-rowid-order-rows-per-s", bareUnordered), ("read-matrix-rows-per-s", readMatrixTimes),
                      ("for-each-block-rows-per-s", blockTimes)] {
    print(String(format: "BENCH-RESULT name=%@ value=%.0f unit=rows/s floor=%.0f note=floor: bare SELECT vector ORDER BY item_id + memcpy; %@",
                 name, Double(rows) / median(times), readFloor, shape))
}
