import Foundation

/// Little-endian float32 <-> bytes, the layout of base64 embeddings and of cached vectors.
enum FloatBytes {
    static func bytes(_ vector: [Float]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(vector.count * 4)
        for value in vector {
            let bits = value.bitPattern.littleEndian
            for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: bits >> UInt32(shift))) }
        }
        return out
    }

    /// nil when the byte count is not a multiple of 4.
    static func floats(_ bytes: [UInt8]) -> [Float]? {
        guard bytes.count % 4 == 0 else { return nil }
        return stride(from: 0, to: bytes.count, by: 4).map { i in
            let bits = UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
            return Float(bitPattern: bits)
        }
    }

    static func floats(base64: String) -> [Float]? {
        guard let data = Data(base64Encoded: base64) else { return nil }
        return floats(Array(data))
    }
}
