import CCrypto

/// SHA-256 (FIPS 180-4) from the system's libcrypto. It names cache entries and checks every
/// shard of a sharded run (export and each map step hash 256 MB files), so it must run at the
/// speed of the CPU's SHA extensions rather than of a portable loop.
public enum SHA256 {
    /// The 32-byte digest of `message`.
    public static func digest(_ message: [UInt8]) -> [UInt8] {
        message.withUnsafeBytes { digest($0) }
    }

    /// The 32-byte digest of the bytes at `message`: a shard hashed where it was read, no copy.
    public static func digest(_ message: UnsafeRawBufferPointer) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let status = out.withUnsafeMutableBufferPointer { output in
            EVP_Digest(message.baseAddress, message.count, output.baseAddress, &length, EVP_sha256(), nil)
        }
        // EVP_Digest fails only when libcrypto cannot allocate its context: nothing to recover.
        precondition(status == 1 && length == 32, "libcrypto's SHA-256 failed")
        return out
    }

    /// Lower-case hex of the digest of the UTF-8 bytes of `text`.
    public static func hexDigest(_ text: String) -> String {
        hex(digest(Array(text.utf8)))
    }

    /// Lower-case hex of the digest of `bytes`.
    public static func hexDigest(_ bytes: [UInt8]) -> String {
        hex(digest(bytes))
    }

    /// Lower-case hex of the digest of the bytes at `bytes`.
    public static func hexDigest(_ bytes: UnsafeRawBufferPointer) -> String {
        hex(digest(bytes))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
