// Floors and read-back for the ingest benchmark, built by run.sh with -O together with
// Sources/Storage (one module, so Package.swift is untouched).
//   main floor DIR ROWS DIM  -- the SQLite floor of an upload: ROWS x DIM float32 blobs into a bare
//                               keyed table of a fresh database (same PRAGMAs), one transaction,
//                               commit included (WAL checkpoint too, as in the server).
//   main writer DIR ROWS DIM -- the same rows through Storage's FeatureRowWriter into a fresh
//                               database (no HTTP, no decoding): what the upload adds to.
//   main read DB             -- the uploaded feature read back into one contiguous matrix with
//                               readMatrix, against a bare SELECT + memcpy loop, 3 runs each.
import CSQLite
import Foundation

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }

func floor(directory: String, rows: Int, dim: Int) throws {
    let pool = try DatabasePool(path: directory + "/floor.db")
    let vector = (0..<dim).map { Float($0 % 97) * 0.01 }
    let t = try seconds {
        try pool.write { db in
            try db.execute("CREATE TABLE floor (checkpoint_id INTEGER, item_id INTEGER, vector BLOB, PRIMARY KEY (checkpoint_id, item_id))")
            try db.transaction {
                let statement = try db.prepare("INSERT INTO floor VALUES (1, ?1, ?2)")
                try vector.withUnsafeBytes { bytes in
                    for i in 0..<rows {
                        try statement.bind(Int64(i + 1), at: 1)
                        try statement.bindStatic(blob: bytes.baseAddress!, byteCount: bytes.count, at: 2)
                        try statement.step()
                        statement.reset()
                    }
                }
            }
        }
    }
    print(String(format: "floor_insert_s=%.2f floor_mb_per_s=%.0f", t, Double(rows * dim * 4) / t / 1e6))
}

func writer(directory: String, rows: Int, dim: Int) throws {
    let pool = try DatabasePool(path: directory + "/writer.db")
    let (poolRecord, checkpoint) = try pool.write { db -> (PoolRecord, CheckpointRecord) in
        let p = try db.createPool(name: "bench")
        try db.upsertItems(poolID: p.id, (0..<rows).map { ItemInput(extID: "item-\($0)", text: "t") })
        let f = try db.createFeature(poolID: p.id, name: "emb")
        return (p, try db.createCheckpoint(featureID: f.id, label: "default", dim: dim))
    }
    let keys = try pool.read { try $0.itemKeys(poolID: poolRecord.id) }
    let vector = (0..<dim).map { Float($0 % 97) * 0.01 }
    let t = try seconds {
        try pool.write { db in
            let writer = try FeatureRowWriter(db: db, checkpoint: checkpoint, mode: .replaceAll)
            try vector.withUnsafeBufferPointer { v in
                for key in keys { try writer.append(itemRowID: key.rowID, vector: v) }
            }
            try writer.commit()
        }
    }
    print(String(format: "writer_insert_s=%.2f writer_mb_per_s=%.0f", t, Double(rows * dim * 4) / t / 1e6))
}

func read(path: String) throws {
    let pool = try DatabasePool(path: path)
    let (poolRecord, checkpoint) = try pool.read { db -> (PoolRecord, CheckpointRecord) in
        guard let p = try db.pool(named: "bench"), let f = try db.feature(poolID: p.id, name: "emb"),
              let c = try db.checkpoint(featureID: f.id, label: "default") else { fatalError("run the upload first") }
        return (p, c)
    }
    let rows = try pool.read { try $0.itemCount(poolID: poolRecord.id) }
    let dim = checkpoint.dim
    var matrix = [Float](repeating: 0, count: rows * dim)
    func bareRead(_ db: Database) throws {
        let statement = try db.prepare("SELECT vector FROM feature_rows WHERE checkpoint_id = ? ORDER BY item_id")
        try statement.bind(checkpoint.id, at: 1)
        let rowBytes = dim * 4
        try matrix.withUnsafeMutableBytes { buffer in
            var offset = 0
            while try statement.step() {
                if let blob = sqlite3_column_blob(statement.handle, 0), sqlite3_column_bytes(statement.handle, 0) == rowBytes,
                   offset + rowBytes <= buffer.count {
                    memcpy(buffer.baseAddress! + offset, blob, rowBytes)
                }
                offset += rowBytes
            }
        }
    }
    var bare: [Double] = []
    var readMatrix: [Double] = []
    for _ in 0..<3 {
        bare.append(try seconds { try pool.read { try bareRead($0) } })
        readMatrix.append(try seconds {
            try matrix.withUnsafeMutableBufferPointer { buffer in
                _ = try pool.read { try $0.readMatrix(checkpoint: checkpoint, poolID: poolRecord.id, into: buffer) }
            }
        })
    }
    let bytes = Double(rows * dim * 4)
    print("read_rows=\(rows) dim=\(dim)")
    print(String(format: "bare_select_gbps=%.2f runs=%@", bytes / median(bare) / 1e9, bare.description))
    print(String(format: "read_matrix_gbps=%.2f runs=%@", bytes / median(readMatrix) / 1e9, readMatrix.description))
    print(String(format: "read_matrix_vs_bare=%.2f", median(bare) / median(readMatrix)))
}

let args = CommandLine.arguments
switch args.count > 1 ? args[1] : "" {
case "floor" where args.count == 5: try floor(directory: args[2], rows: Int(args[3]) ?? 0, dim: Int(args[4]) ?? 0)
case "writer" where args.count == 5: try writer(directory: args[2], rows: Int(args[3]) ?? 0, dim: Int(args[4]) ?? 0)
case "read" where args.count == 3: try read(path: args[2])
default: print("usage: main floor|writer DIR ROWS DIM | main read DB")
}
