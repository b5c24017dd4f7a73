import LinearAlgebra
import PropertyBased
import Testing
@testable import Selection

@Suite struct RowScanTests {
    static func row(_ d: Int, seed: Int) -> [Float] {
        (0..<d).map { Float(($0 * 37 + seed * 11) % 23) / 7 - 1.5 }
    }

    @Test func fingerprint_IsTheStandaloneRowFingerprint_ForEveryLength() {
        for d in 0...40 {
            let values = Self.row(d, seed: d)
            values.withUnsafeBufferPointer { p in
                let base = p.baseAddress ?? UnsafePointer(bitPattern: 16)!
                let alone = RowFingerprint(base, count: d)
                #expect(RowScan.float32(base, count: d)?.fingerprint == alone, "d = \(d)")
                #expect(RowScan.float64(base, count: d)?.fingerprint == alone, "d = \(d)")
            }
        }
    }

    @Test func squaredNorms_AreTheSumOfSquares_AndDoNotDependOnWhereTheRowIsStored() async {
        await propertyCheck(count: 30, input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...70), Gen.int(in: 1...9)) { seed, d, offset in
            let values = Self.row(d, seed: seed)
            let reference = values.reduce(0.0) { $0 + Double($1) * Double($1) }
            let shifted = [Float](repeating: 3, count: offset) + values
            values.withUnsafeBufferPointer { p in
                shifted.withUnsafeBufferPointer { q in
                    let (a, b) = (RowScan.float64(p.baseAddress!, count: d), RowScan.float64(q.baseAddress! + offset, count: d))
                    #expect(abs((a?.squaredNorm ?? -1) - reference) <= 1e-12 * reference)
                    #expect(a?.squaredNorm.bitPattern == b?.squaredNorm.bitPattern)
                    let (f, g) = (RowScan.float32(p.baseAddress!, count: d), RowScan.float32(q.baseAddress! + offset, count: d))
                    #expect(abs(Double(f?.squaredNorm ?? -1) - reference) <= 1e-5 * reference)
                    #expect(f?.squaredNorm.bitPattern == g?.squaredNorm.bitPattern)
                }
            }
        }
    }

    @Test(arguments: [Float.nan, .infinity, -.infinity])
    func nonFiniteValue_AnywhereInTheRow_IsReported(_ bad: Float) {
        let d = 21   // two full groups of 8 and a tail of 5
        for position in 0..<d {
            var values = Self.row(d, seed: position)
            values[position] = bad
            values.withUnsafeBufferPointer { p in
                #expect(RowScan.float32(p.baseAddress!, count: d) == nil, "position \(position)")
                #expect(RowScan.float64(p.baseAddress!, count: d) == nil, "position \(position)")
            }
        }
    }

    @Test func largestFiniteValues_AreFinite() {
        let values = [Float](repeating: .greatestFiniteMagnitude, count: 9)
        values.withUnsafeBufferPointer { p in
            #expect(RowScan.float32(p.baseAddress!, count: 9) != nil)
            #expect(RowScan.float64(p.baseAddress!, count: 9) != nil)
        }
    }
}

@Suite(.enabled(if: RowScanKernel.isSupported, "the kernel needs AVX-512 VL + DQ"))
struct RowScanKernelTests {
    /// Which values a test row holds.
    enum Values: CaseIterable {
        /// In [-2, 2): finite norms whose every rounding shows.
        case moderate
        /// Moderate values mixed with signed zeros and subnormals.
        case tiny
        /// Any finite bit pattern, the largest magnitudes included (norms overflow to infinity).
        case anyFinite
    }

    static func row(_ d: Int, seed: UInt64, _ values: Values) -> [Float] {
        var g = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<d).map { c in
            g = g &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let moderate = Float(Int32(truncatingIfNeeded: g >> 32)) * 0x1p-30
            switch (values, g >> 61) {
            case (.moderate, _), (.tiny, 0...3), (.anyFinite, 0...2): return moderate
            case (.tiny, 4...5): return c % 2 == 0 ? 0 : -0.0
            case (.tiny, _): return Float(bitPattern: UInt32(truncatingIfNeeded: g >> 20) & 0x807F_FFFF)
            case (.anyFinite, 3): return (g >> 40) % 2 == 0 ? .greatestFiniteMagnitude : -.greatestFiniteMagnitude
            case (.anyFinite, _):
                let bits = UInt32(truncatingIfNeeded: g >> 16)
                return Float(bitPattern: bits).isFinite ? Float(bitPattern: bits) : Float(bitPattern: bits & 0xBF7F_FFFF)
            }
        }
    }

    @Test func kernel_GivesThePortableLoopsBits_ForEveryLengthAndPattern() {
        for d in Array(0...70) + [255, 256, 257, 1024, 8192] {
            for (seed, kind) in Values.allCases.enumerated() {
                let values = Self.row(d, seed: UInt64(d * 8 + seed), kind)
                values.withUnsafeBufferPointer { p in
                    let base = p.baseAddress ?? UnsafePointer(bitPattern: 16)!
                    let (fast, slow) = (RowScan.float32(base, count: d, usesKernel: true), RowScan.float32(base, count: d, usesKernel: false))
                    #expect(fast?.fingerprint == slow?.fingerprint, "d = \(d), \(kind)")
                    #expect(fast?.squaredNorm.bitPattern == slow?.squaredNorm.bitPattern, "d = \(d), \(kind)")
                    let (wide, portable) = (RowScan.float64(base, count: d, usesKernel: true), RowScan.float64(base, count: d, usesKernel: false))
                    #expect(wide?.fingerprint == portable?.fingerprint, "d = \(d), \(kind)")
                    #expect(wide?.squaredNorm.bitPattern == portable?.squaredNorm.bitPattern, "d = \(d), \(kind)")
                    #expect(fast?.fingerprint == RowFingerprint(base, count: d))
                }
            }
        }
    }

    @Test(arguments: [Float.nan, .infinity, -.infinity, Float(bitPattern: 0xFFC0_0001)])
    func kernel_ReportsANonFiniteValue_AtEveryPosition(_ bad: Float) {
        let d = 35
        for position in 0..<d {
            var values = Self.row(d, seed: UInt64(position), .tiny)
            values[position] = bad
            values.withUnsafeBufferPointer { p in
                #expect(RowScan.float32(p.baseAddress!, count: d, usesKernel: true) == nil, "position \(position)")
                #expect(RowScan.float64(p.baseAddress!, count: d, usesKernel: true) == nil, "position \(position)")
            }
        }
    }
}
