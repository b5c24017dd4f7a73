import Foundation

/// Writes `.npy` bytes the way numpy does (header dict padded with spaces to a multiple of 64,
/// ending in a newline), with every knob a test needs to write a wrong one: any dtype string,
/// version, order, shape and raw data.
enum NPYWriter {
    static func header(descr: String, shape: [Int], fortran: Bool = false, major: UInt8 = 1, minor: UInt8 = 0) -> [UInt8] {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var dict = "{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shapeText), }"
        let lengthBytes = major == 1 ? 2 : 4
        let unpadded = 8 + lengthBytes + dict.utf8.count + 1
        dict += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = dict.utf8.count
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [major, minor]
        for k in 0..<lengthBytes { bytes.append(UInt8((length >> (8 * k)) & 0xFF)) }
        return bytes + Array(dict.utf8)
    }

    /// A whole file of `rows` (equal lengths) in `dtype` ("<f4", "<f2", "<f8", or big-endian ">f4").
    static func file(_ rows: [[Float]], descr: String = "<f4", major: UInt8 = 1) -> [UInt8] {
        header(descr: descr, shape: [rows.count, rows.first?.count ?? 0], major: major) + data(rows, descr: descr)
    }

    static func data(_ rows: [[Float]], descr: String) -> [UInt8] {
        var out: [UInt8] = []
        let bigEndian = descr.hasPrefix(">")
        for v in rows.joined() {
            var element: [UInt8]
            switch descr.dropFirst() {
            case "f2": element = withUnsafeBytes(of: Float16(v).bitPattern.littleEndian, Array.init)
            case "f8": element = withUnsafeBytes(of: Double(v).bitPattern.littleEndian, Array.init)
            default: element = withUnsafeBytes(of: v.bitPattern.littleEndian, Array.init)
            }
            if bigEndian { element.reverse() }
            out += element
        }
        return out
    }

    /// A float32 file of `rows` x `dim` where every value is `value`, built without per-row arrays.
    static func constant(rows: Int, dim: Int, value: Float) -> [UInt8] {
        var out = header(descr: "<f4", shape: [rows, dim])
        let element = withUnsafeBytes(of: value.bitPattern.littleEndian, Array.init)
        out.reserveCapacity(out.count + rows * dim * 4)
        for _ in 0..<(rows * dim) { out += element }
        return out
    }
}
