import Testing
import PropertyBased
import LinearAlgebra
@testable import Selection

@Suite struct GISTFixedOrderKernelsTests {
    @Test func blockedProduct_IsBitIdentical_ToTheOneRowLoop() async {
        await propertyCheck(count: 40, input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...9), Gen.int(in: 1...600), Gen.int(in: 1...21)) { seed, rows, k, n in
            var random = RandomRows(seed: UInt64(seed))
            let x = random.matrix(rows: rows, cols: k).values.map { $0 * 1.37 }
            let b = random.matrix(rows: k, cols: n).values.map { $0 * 0.71 }
            var blocked = [Float](repeating: .nan, count: rows * n)
            var single = [Float](repeating: .nan, count: rows * n)
            x.withUnsafeBufferPointer { xp in
                b.withUnsafeBufferPointer { bp in
                    FixedOrderKernels.rowsTimesMatrix(xp.baseAddress!, rows: rows, k: k, bp.baseAddress!, n: n, into: &blocked)
                    single.withUnsafeMutableBufferPointer { sp in
                        for r in 0..<rows {
                            FixedOrderKernels.rowTimesMatrix(xp.baseAddress! + r * k, k: k, bp.baseAddress!, n: n, into: sp.baseAddress! + r * n)
                        }
                    }
                }
            }
            #expect(blocked == single)
        }
    }

    @Test func forwardSubstitution_SolvesTheLowerSystem() {
        // L = [[2, 0], [1, 3]]: L z = (4, 11) gives z = (2, 3).
        let lowerTransposed: [Double] = [2, 1, 0, 3]
        var b: [Double] = [4, 11]
        b.withUnsafeMutableBufferPointer { FixedOrderKernels.forwardSubstitute($0.baseAddress!, lowerTransposed: lowerTransposed, d: 2) }
        #expect(b == [2, 3])
    }
}
