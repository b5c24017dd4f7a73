/// A 128-bit fingerprint of a float32 row's bit patterns. Identical rows always get identical
/// fingerprints; two different rows collide with probability about 2^-128 (this is a guard
/// against accidents, not an adversary). Computed in 4 SIMD lanes of 64-bit words with a
/// multiply–xorshift step per word and a SplitMix64 finaliser; the groups of 8 floats alternate
/// between two chains of state (even and odd groups), so that a group's multiply does not wait
/// for the previous group's. `RowScan` feeds the same steps from its one pass over a row, so
/// fingerprinting adds no memory traffic.
struct RowFingerprint: Hashable, Sendable {
    let high: UInt64
    let low: UInt64

    init(_ p: UnsafePointer<Float>, count d: Int) {
        var state = State()
        var c = 0
        let raw = UnsafeRawPointer(p)
        while c + 16 <= d {
            state.absorb(raw.loadUnaligned(fromByteOffset: c * 4, as: SIMD4<UInt64>.self))
            state.absorbOdd(raw.loadUnaligned(fromByteOffset: c * 4 + 32, as: SIMD4<UInt64>.self))
            c += 16
        }
        if c + 8 <= d {
            state.absorb(raw.loadUnaligned(fromByteOffset: c * 4, as: SIMD4<UInt64>.self))
            c += 8
        }
        self = state.finish(tail: p + c, count: d - c, rowLength: d)
    }

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The running state over whole groups of 8 floats (one 32-byte word vector each): `a`, `b`
    /// for the even groups, `c`, `d` for the odd ones. A row's groups go to `absorb` and
    /// `absorbOdd` in turn, starting with `absorb`.
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
        var c = SIMD4<UInt64>(9, 10, 11, 12)
        var d = SIMD4<UInt64>(13, 14, 15, 16)

        @inline(__always)
        mutating func absorb(_ v: SIMD4<UInt64>) { Self.step(&a, &b, v) }

        @inline(__always)
        mutating func absorbOdd(_ v: SIMD4<UInt64>) { Self.step(&c, &d, v) }

        /// One group into one chain: a multiply–xorshift of `x ^ v` and of `y + v`.
        @inline(__always)
        static func step(_ x: inout SIMD4<UInt64>, _ y: inout SIMD4<UInt64>, _ v: SIMD4<UInt64>) {
            x = (x ^ v) &* k1
            x ^= x &>> 29
            y = (y &+ v) &* k2
            y ^= y &>> 31
        }

        /// Folds in the `count` (< 8) floats left over at `tail` and the row length.
        func finish(tail p: UnsafePointer<Float>, count: Int, rowLength d: Int) -> RowFingerprint {
            var tail: UInt64 = UInt64(d)
            for c in 0..<count {
                tail = (tail ^ UInt64(p[c].bitPattern)) &* Self.k1
                tail ^= tail &>> 29
            }
            // Each word mixed in turn, the odd chain's first.
            var (high, low) = (tail, tail &* Self.k2)
            for lane in (0..<4).reversed() { high = RowFingerprint.mix(self.c[lane] ^ high) }
            for lane in (0..<4).reversed() { high = RowFingerprint.mix(a[lane] ^ high) }
            for lane in (0..<4).reversed() { low = RowFingerprint.mix(self.d[lane] &+ low) }
            for lane in (0..<4).reversed() { low = RowFingerprint.mix(b[lane] &+ low) }
            return RowFingerprint(high: high, low: low)
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
