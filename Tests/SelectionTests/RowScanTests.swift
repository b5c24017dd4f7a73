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
