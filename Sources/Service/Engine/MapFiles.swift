import Foundation

/// The open `map-t-s.cos.npy` files of one pass over a sharded run's cosines: each opened once,
/// its header checked against the M x rows `<f4` header the map step writes, then read by
/// segments of one target row.
struct MapFiles {
    let targetCount: Int
    private var handles: [URL: (handle: FileHandle, dataOffset: UInt64)] = [:]

    init(targetCount: Int) {
        self.targetCount = targetCount
    }

    /// `count` cosines of `target` from column `column` of `shard`'s file.
    mutating func read(_ shard: MappedSimilarityColumns.Shard, target: Int, column: Int, count: Int) throws -> [Float] {
        let file = try open(shard)
        let offset = file.dataOffset + UInt64((target * shard.rows + column) * 4)
        do {
            try file.handle.seek(toOffset: offset)
            guard let data = try file.handle.read(upToCount: count * 4), data.count == count * 4 else {
                throw EngineError("\(shard.url.path) ends before target \(target), column \(column)")
            }
            return data.withUnsafeBytes { raw in
                (0..<count).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
            }
        } catch let error as EngineError { throw error } catch {
            throw EngineError("cannot read \(shard.url.path): \(error.localizedDescription)")
        }
    }

    private mutating func open(_ shard: MappedSimilarityColumns.Shard) throws -> (handle: FileHandle, dataOffset: UInt64) {
        if let file = handles[shard.url] { return file }
        let header = NPYArray.header(descr: NPYArray.float32, rows: targetCount, columns: shard.rows)
        guard let handle = FileHandle(forReadingAtPath: shard.url.path) else { throw EngineError("cannot read \(shard.url.path)") }
        let start = try? handle.read(upToCount: header.count)
        guard let start, [UInt8](start) == header else {
            try? handle.close()
            throw EngineError("\(shard.url.path) is not the \(targetCount) x \(shard.rows) <f4 array its map step writes")
        }
        let file = (handle: handle, dataOffset: UInt64(header.count))
        handles[shard.url] = file
        return file
    }

    mutating func close() {
        for file in handles.values { try? file.handle.close() }
        handles = [:]
    }
}
