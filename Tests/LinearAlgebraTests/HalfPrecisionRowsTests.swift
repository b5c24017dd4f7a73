import PropertyBased
import Testing
@testable import LinearAlgebra

@Suite(.enabled(if: HalfPrecisionRows.isSupported, "needs AVX2, FMA and F16C"))
struct HalfPrecisionRowsTests {
    /// Values over many binades, subnormal binary16 magnitudes and exact zeros included.
    static func spread(_ rows: Int, _ cols: Int, seed: UInt64) -> Matrix {
        var r = TestRandom(seed: seed)
        let values = (0..<(rows * cols)).map { i -> Float in
            let scale = Float(sign: .plus, exponent: Int(r.g.next() % 40) - 30, significand: 1)
            return i % 11 == 0 ? 0 : r.float() * scale
        }
        return Matrix(rows: rows, cols: cols, values: values)
    }

    @Test func storedValues_AreWithinTheRoundingBound_OfTheOriginals() async {
        await propertyCheck(count: 40, input: Gen.uint64(), Gen.int(in: 1...20), Gen.int(in: 1...70)) { seed, rows, cols in
            let m = Self.spread(rows, cols, seed: seed)
            let half = try #require(HalfPrecisionRows(m))
            for r in 0..<rows {
                for c in 0..<cols {
                    let v = Double(m.values[r * cols + c]), h = Double(half.value(row: r, col: c))
                    #expect(abs(h - v) <= HalfPrecisionRows.relativeError * abs(v) + HalfPrecisionRows.absoluteError)
                }
            }
        }
    }

    @Test func products_AreWithinGamma_OfTheExactSumOverTheStoredValues_AndRepeatExactly() async {
        await propertyCheck(count: 40, input: Gen.uint64(), Gen.int(in: 1...20), Gen.int(in: 1...100)) { seed, rows, cols in
            var r = TestRandom(seed: seed &+ 1)
            let m = r.matrix(rows, cols)
            let x = (0..<cols).map { _ in r.float() }
            let half = try #require(HalfPrecisionRows(m))
            var y = [Float](repeating: .nan, count: rows), again = y
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { half.products(query: xp.baseAddress!, into: $0.baseAddress!) }
                again.withUnsafeMutableBufferPointer { half.products(query: xp.baseAddress!, into: $0.baseAddress!) }
            }
            #expect(y == again)
            let u = 0x1p-24, gamma = Double(cols) * u / (1 - Double(cols) * u)
            for i in 0..<rows {
                var exact = 0.0, magnitude = 0.0
                for t in 0..<cols {
                    let p = Double(half.value(row: i, col: t)) * Double(x[t])
                    exact += p
                    magnitude += abs(p)
                }
                #expect(abs(Double(y[i]) - exact) <= gamma * magnitude * 1.000_001 + 1e-30)
            }
        }
    }

    @Test func largestFiniteBinary16_IsKept_AndAnythingLargerOrNonFinite_GivesNoCopy() {
        #expect(HalfPrecisionRows(Matrix(rows: 1, cols: 2, values: [65504, -65504]))?.value(row: 0, col: 1) == -65504)
        #expect(HalfPrecisionRows(Matrix(rows: 1, cols: 2, values: [1, 65505])) == nil)
        #expect(HalfPrecisionRows(Matrix(rows: 1, cols: 2, values: [1, .nan])) == nil)
        #expect(HalfPrecisionRows(Matrix(rows: 1, cols: 2, values: [-.infinity, 1])) == nil)
        #expect(HalfPrecisionRows(Matrix(rows: 0, cols: 3)) == nil)
    }

    @Test func binary16Decoding_CoversSubnormalsSignsAndSpecials() {
        #expect(HalfPrecisionRows.float(bits: 0x0001) == 0x1p-24)
        #expect(HalfPrecisionRows.float(bits: 0x8400) == -0x1p-14)
        #expect(HalfPrecisionRows.float(bits: 0x3C01) == 1 + 0x1p-10)
        #expect(HalfPrecisionRows.float(bits: 0x7BFF) == 65504)
        #expect(HalfPrecisionRows.float(bits: 0xFC00) == -.infinity)
        #expect(HalfPrecisionRows.float(bits: 0x7E00).isNaN)
    }
}
