import Foundation

/// A 2-D little-endian `.npy` (version 1.0) as the sharded run writes and reads it: float32 rows
/// (`<f4`: shards, targets, cosines, GIST's basis), float64 rows (`<f8`: GIST's unit targets and
/// cosines) or 64-bit words (`<u8`: row fingerprints). Uploads have
/// their own streaming reader (`NPYHeaderReader`); these files are whole and ours.
struct NPYArray: Sendable, Equatable {
    let descr: String
    let rows: Int
    let columns: Int
    /// The data after the header, rows x columns x the item size.
    let payload: [UInt8]

    static let float32 = "<f4"
    static let uint64 = "<u8"
    static let float64 = "<f8"

    var itemSize: Int { descr == Self.float32 ? 4 : 8 }

    /// The header numpy writes: magic, version 1.0, the dictionary padded with spaces to a
    /// multiple of 64 bytes, ending in a newline.
    static func header(descr: String, rows: Int, columns: Int) -> [UInt8] {
        var text = "{'descr': '\(descr)', 'fortran_order': False, 'shape': (\(rows), \(columns)), }"
        while (10 + text.utf8.count + 1) % 64 != 0 { text += " " }
        text += "\n"
        let length = text.utf8.count
        return NPYHeader.magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(text.utf8)
    }

    /// The file's bytes: header then `payload` (the values, row-major, little-endian).
    static func file(descr: String, rows: Int, columns: Int, payload: UnsafeRawBufferPointer) -> [UInt8] {
        var out = header(descr: descr, rows: rows, columns: columns)
        out.reserveCapacity(out.count + payload.count)
        out.append(contentsOf: payload)
        return out
    }

    static func file(floats: [Float], rows: Int, columns: Int) -> [UInt8] {
        floats.withUnsafeBytes { file(descr: float32, rows: rows, columns: columns, payload: $0) }
    }

    static func file(words: [UInt64], rows: Int, columns: Int) -> [UInt8] {
        words.map(\.littleEndian).withUnsafeBytes { file(descr: uint64, rows: rows, columns: columns, payload: $0) }
    }

    static func file(doubles: [Double], rows: Int, columns: Int) -> [UInt8] {
        doubles.map(\.bitPattern.littleEndian).withUnsafeBytes { file(descr: float64, rows: rows, columns: columns, payload: $0) }
    }

    /// Parses a whole file; anything but a 2-D C-order `<f4`, `<f8` or `<u8` array of exactly the
    /// announced size is refused, naming `name`.
    static func parse(_ bytes: [UInt8], name: String) throws -> NPYArray {
        let header = try parseHeader(bytes, name: name)
        return NPYArray(descr: header.descr, rows: header.rows, columns: header.columns, payload: Array(bytes[header.dataOffset...]))
    }

    /// `parse`'s checks without copying the data: the dtype, the shape and where the data starts.
    static func parseHeader(_ bytes: [UInt8], name: String) throws -> (descr: String, rows: Int, columns: Int, dataOffset: Int) {
        func fail(_ why: String) -> EngineError { EngineError("\(name) is not a shard array: \(why)") }
        guard bytes.count >= 10, Array(bytes[0..<6]) == NPYHeader.magic, bytes[6] == 1 else { throw fail("no .npy 1.0 magic") }
        let length = Int(bytes[8]) | Int(bytes[9]) << 8
        guard bytes.count >= 10 + length else { throw fail("the header is cut short") }
        let literal: NPYLiteral
        do { literal = try NPYLiteralParser.parse(Array(bytes[10..<(10 + length)])) } catch { throw fail("\(error)") }
        guard case let .dict(pairs) = literal else { throw fail("the header is not a dictionary") }
        var fields: [String: NPYLiteral] = [:]
        for (key, value) in pairs { if case let .string(k) = key { fields[k] = value } }
        guard case let .string(descr)? = fields["descr"], [float32, float64, uint64].contains(descr) else { throw fail("dtype is not <f4, <f8 or <u8") }
        guard case .bool(false)? = fields["fortran_order"] else { throw fail("not C order") }
        guard case let .tuple(shape)? = fields["shape"], shape.count == 2, case let .int(rows) = shape[0], case let .int(columns) = shape[1],
              rows >= 0, columns >= 0 else { throw fail("not a 2-D shape") }
        let size = rows * columns * (descr == float32 ? 4 : 8)
        guard bytes.count - 10 - length == size else {
            throw fail("holds \(bytes.count - 10 - length) data bytes for shape (\(rows), \(columns))")
        }
        return (descr, rows, columns, 10 + length)
    }

    static func read(_ url: URL) throws -> NPYArray {
        try parse(try EngineFiles.read(url), name: url.lastPathComponent)
    }

    /// The values of a `<f4` array.
    func floats() throws -> [Float] {
        guard descr == Self.float32 else { throw EngineError("expected a <f4 array, got \(descr)") }
        return payload.withUnsafeBytes { raw in
            (0..<(rows * columns)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }

    /// The values of a `<u8` array.
    func words() throws -> [UInt64] {
        guard descr == Self.uint64 else { throw EngineError("expected a <u8 array, got \(descr)") }
        return eightByteWords()
    }

    /// The values of a `<f8` array.
    func doubles() throws -> [Double] {
        guard descr == Self.float64 else { throw EngineError("expected a <f8 array, got \(descr)") }
        return eightByteWords().map(Double.init(bitPattern:))
    }

    private func eightByteWords() -> [UInt64] {
        payload.withUnsafeBytes { raw in
            (0..<(rows * columns)).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)) }
        }
    }
}
