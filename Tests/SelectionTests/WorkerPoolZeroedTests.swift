@testable import Selection
import Testing

@Suite struct WorkerPoolZeroedTests {
    /// Sizes around the chunk edges, on one thread and on more threads than chunks.
    @Test(arguments: [1, 3], [0, 1, WorkerPool.zeroChunk - 1, WorkerPool.zeroChunk, 2 * WorkerPool.zeroChunk + 5])
    func zeroed_IsEveryValueZero_ForAnyWidthAndSize(width: Int, count: Int) throws {
        let pool = WorkerPool(width: width)
        let doubles: [Double] = try pool.zeroed(count: count)
        let floats: [Float] = try pool.zeroed(count: count)
        #expect(doubles.count == count && floats.count == count)
        #expect(doubles.allSatisfy { $0.bitPattern == 0 })
        #expect(floats.allSatisfy { $0.bitPattern == 0 })
    }
}
