/// A 128-bit fingerprint of a float32 row's bit patterns. Identical rows always get identical
/// fingerprints; two different rows collide with probability about 2^-128 (this is a guard
/// against accidents, not an adversary). Computed in 4 SIMD lanes of 64-bit words with a
/// multiply–xorshift step per word and a SplitMix64 finaliser, so it costs a few percent of the
/// GEMM that the row goes through.
struct RowFingerprint: Hashable, Sendable {
    let high: UInt64
    let low: UInt64

    init(_ p: UnsafePointer<Float>, count d: Int) {
        let k1: UInt64 = 0x9E37_79B9_7F4A_7C15
        let k2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
        var a = SIMD4<UInt64>(1, 2, 3, 4)
        var b = SIMD4<UInt64>(5, 6, 7, 8)
        var c = 0
        let raw = UnsafeRawPointer(p)
        while c + 8 <= d {
            let v = raw.loadUnaligned(fromByteOffset: c * 4, as: SIMD4<UInt64>.self)
            a = (a ^ v) &* k1
            a ^= a &>> 29
            b = (b &+ v) &* k2
            b ^= b &>> 31
            c += 8
        }
        var tail: UInt64 = UInt64(d)
        while c < d {
            tail = (tail ^ UInt64(p[c].bitPattern)) &* k1
            tail ^= tail &>> 29
            c += 1
        }
        high = Self.mix(a[0] ^ Self.mix(a[1] ^ Self.mix(a[2] ^ Self.mix(a[3] ^ tail))))
        low = Self.mix(b[0] &+ Self.mix(b[1] &+ Self.mix(b[2] &+ Self.mix(b[3] &+ tail &* k2))))
    }

    /// SplitMix64's finaliser.
    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z &>> 31)
    }
}
