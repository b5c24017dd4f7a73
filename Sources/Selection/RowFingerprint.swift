/// A 128-bit fingerprint of a float32 row's bit patterns. Identical rows always get identical
/// fingerprints; two different rows collide with probability about 2^-128 (this is a guard
/// against accidents, not an adversary). Computed in 4 SIMD lanes of 64-bit words with a
/// multiply–xorshift step per word and a SplitMix64 finaliser; `RowScan` feeds the same steps
/// from its one pass over a row, so fingerprinting adds no memory traffic.
struct RowFingerprint: Hashable, Sendable {
    let high: UInt64
    let low: UInt64

    init(_ p: UnsafePointer<Float>, count d: Int) {
        var state = State()
        var c = 0
        let raw = UnsafeRawPointer(p)
        while c + 8 <= d {
            state.absorb(raw.loadUnaligned(fromByteOffset: c * 4, as: SIMD4<UInt64>.self))
            c += 8
        }
        self = state.finish(tail: p + c, count: d - c, rowLength: d)
    }

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The running state over whole groups of 8 floats (one 32-byte word vector each).
    ///
    /// (Tried: one and two Feistel rounds on 32-bit halves with `pmuludq` products instead of
    /// the full 64-bit lane multiply, which baseline x86-64 emulates with three. One round
    /// collided on the bit-flip test (a word's high-half change reached the next word's low half
    /// unmixed); two rounds were no faster than this.)
    struct State {
        static let k1: UInt64 = 0x9E37_79B9_7F4A_7C15
        static let k2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
        var a = SIMD4<UInt64>(1, 2, 3, 4)
        var b = SIMD4<UInt64>(5, 6, 7, 8)

        @inline(__always)
        mutating func absorb(_ v: SIMD4<UInt64>) {
            a = (a ^ v) &* Self.k1
            a ^= a &>> 29
            b = (b &+ v) &* Self.k2
            b ^= b &>> 31
        }

        /// Folds in the `count` (< 8) floats left over at `tail` and the row length.
        func finish(tail p: UnsafePointer<Float>, count: Int, rowLength d: Int) -> RowFingerprint {
            var tail: UInt64 = UInt64(d)
            for c in 0..<count {
                tail = (tail ^ UInt64(p[c].bitPattern)) &* Self.k1
                tail ^= tail &>> 29
            }
            return RowFingerprint(
                high: RowFingerprint.mix(a[0] ^ RowFingerprint.mix(a[1] ^ RowFingerprint.mix(a[2] ^ RowFingerprint.mix(a[3] ^ tail)))),
                low: RowFingerprint.mix(b[0] &+ RowFingerprint.mix(b[1] &+ RowFingerprint.mix(b[2] &+ RowFingerprint.mix(b[3] &+ tail &* Self.k2)))))
        }
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
