import PropertyBased
import Testing
@testable import LinearAlgebra

/// Leverage's forward substitutions (ForwardNorms): 32 rows in vector lanes give each row the
/// scalar loop's bits, for any number of rows (the last group padded), any position of a row in
/// its group, and repeated rows.
@Suite(.enabled(if: ForwardNorms.isSupported, "the vector form needs AVX-512 F"))
struct ForwardNormsTests {
    /// A lower factor with a dominant positive diagonal, row-major.
    static func factor(_ d: Int, _ random: inout TestRandom) -> [Double] {
        var l = [Double](repeating: 0, count: d * d)
        for a in 0..<d {
            for c in 0..<a { l[a * d + c] = Double(random.float()) * 0.3 }
            l[a * d + a] = 1 + Double(abs(random.float()))
        }
        return l
    }

    @Test func vectorForm_GivesEachRowTheScalarLoopsBits() async {
        await propertyCheck(count: 40, input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...40), Gen.int(in: 0...75)) { seed, d, count in
            var random = TestRandom(seed: UInt64(seed))
            let l = Self.factor(d, &random)
            var x = (0..<(count * d)).map { _ in Double(random.float()) }
            // A row repeated at other positions of its group and in the next group.
            if count > 33 { for r in [5, 31, 33] { for a in 0..<d { x[r * d + a] = x[a] } } }
            var fast = [Double](repeating: -1, count: count), slow = [Double](repeating: -2, count: count)
            var scratch = [Double](repeating: 7, count: ForwardNorms.scratchCount(d))
            l.withUnsafeBufferPointer { lb in
                x.withUnsafeBufferPointer { xb in
                    scratch.withUnsafeMutableBufferPointer { sb in
                        let rows = xb.baseAddress ?? UnsafePointer(bitPattern: 8)!
                        fast.withUnsafeMutableBufferPointer { ForwardNorms.many(lb.baseAddress!, d: d, rows: rows, count: count, into: $0.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!, scratch: sb.baseAddress!, vectorized: true) }
                        slow.withUnsafeMutableBufferPointer { ForwardNorms.many(lb.baseAddress!, d: d, rows: rows, count: count, into: $0.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!, scratch: sb.baseAddress!, vectorized: false) }
                    }
                }
            }
            #expect(fast.map(\.bitPattern) == slow.map(\.bitPattern), "d = \(d), \(count) rows")
            if count > 33 { #expect([5, 31, 33].allSatisfy { fast[$0].bitPattern == fast[0].bitPattern }) }
        }
    }
}
