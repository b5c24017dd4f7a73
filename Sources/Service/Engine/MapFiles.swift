import Foundation

/// The open map output files (`.npy`) of one pass of a sharded run's reduce: each opened once,
/// its header checked against the one its map step writes, then read by byte ranges of its data.
struct MapFiles {
    private var handles: [URL: (handle: FileHandle, dataOffset: UInt64)] = [:]

    /// `count` bytes from byte `offset` of the data of the file at `url`, whose header must be `header`.
    mutating func read(_ url: URL, header: [UInt8], offset: Int, count: Int) throws -> Data {
        let file = try open(url, header: header)
        do {
            try file.handle.seek(toOffset: file.dataOffset + UInt64(offset))
            guard let data = try file.handle.read(upToCount: count), data.count == count else {
                throw EngineError("\(url.path) ends before byte \(offset + count) of its data")
            }
            return data
        } catch let error as EngineError { throw error } catch {
            throw EngineError("cannot read \(url.path): \(error.localizedDescription)")
        }
    }

    /// `count` little-endian float32 values from value `index` of a `<f4` file.
    mutating func floats(_ url: URL, header: [UInt8], index: Int, count: Int) throws -> [Float] {
        let data = try read(url, header: header, offset: index * 4, count: count * 4)
        return data.withUnsafeBytes { raw in
            (0..<count).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }

    /// `count` little-endian float64 values from value `index` of a `<f8` file.
    mutating func doubles(_ url: URL, header: [UInt8], index: Int, count: Int) throws -> [Double] {
        let data = try read(url, header: header, offset: index * 8, count: count * 8)
        return data.withUnsafeBytes { raw in
            (0..<count).map { Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self))) }
        }
    }

    private mutating func open(_ url: URL, header: [UInt8]) throws -> (handle: FileHandle, dataOffset: UInt64) {
        if let file = handles[url] { return file }
        guard let handle = FileHandle(forReadingAtPath: url.path) else { throw EngineError("cannot read \(url.path)") }
        guard let start = try? handle.read(upToCount: header.count), [UInt8](start) == header else {
            try? handle.close()
            throw EngineError("\(url.path) is not the array its map step writes (expected header \(String(decoding: header.dropFirst(10), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))")
        }
        let file = (handle: handle, dataOffset: UInt64(header.count))
        handles[url] = file
        return file
    }

    mutating func close() {
        for file in handles.values { try? file.handle.close() }
        handles = [:]
    }
}
