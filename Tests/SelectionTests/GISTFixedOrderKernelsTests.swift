import Testing
import PropertyBased
import LinearAlgebra
@testable import Selection

@Suite struct GISTFixedOrderKernelsTests {
    @Test func forwardSubstitution_SolvesTheLowerSystem() {
        // L = [[2, 0], [1, 3]]: L z = (4, 11) gives z = (2, 3).
        let lowerTransposed: [Double] = [2, 1, 0, 3]
        var b: [Double] = [4, 11]
        b.withUnsafeMutableBufferPointer { FixedOrderKernels.forwardSubstitute($0.baseAddress!, lowerTransposed: lowerTransposed, d: 2) }
        #expect(b == [2, 3])
    }
}
