import Foundation
import Testing
@testable import Selection

@Suite struct WorkerPoolTests {
    struct Failure: Error, Equatable { let task: Int }

    final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private var counts: [Int: Int] = [:]
        private var workers: Set<Int> = []

        func record(_ task: Int, worker: Int) {
            lock.lock()
            counts[task, default: 0] += 1
            workers.insert(worker)
            lock.unlock()
        }

        var taskCounts: [Int: Int] { lock.lock(); defer { lock.unlock() }; return counts }
        var workerIndices: Set<Int> { lock.lock(); defer { lock.unlock() }; return workers }
    }

    @Test(arguments: [1, 2, 3, 8])
    func everyTask_RunsExactlyOnce_OnAWorkerOfThePool(_ width: Int) throws {
        let pool = WorkerPool(width: width)
        for count in [0, 1, 5, 100] {
            let tally = Tally()
            try pool.forEach(count) { task, worker in tally.record(task, worker: worker) }
            #expect(tally.taskCounts == Dictionary(uniqueKeysWithValues: (0..<count).map { ($0, 1) }))
            #expect(tally.workerIndices.allSatisfy { (0..<width).contains($0) })
        }
    }

    @Test(arguments: [1, 2, 8])
    func map_ReturnsResultsInTaskOrder(_ width: Int) throws {
        let pool = WorkerPool(width: width)
        #expect(try pool.map(50) { task, _ in task * task } == (0..<50).map { $0 * $0 })
    }

    @Test(arguments: [1, 2, 3, 8])
    func theLowestFailingTask_IsTheErrorReported(_ width: Int) throws {
        let pool = WorkerPool(width: width)
        for _ in 0..<20 {
            #expect(throws: Failure(task: 17)) {
                try pool.forEach(64) { task, _ in
                    if task == 40 || task == 17 || task == 63 { throw Failure(task: task) }
                }
            }
        }
    }

    @Test func ranges_CoverEveryIndexOnce_InOrder() {
        #expect(WorkerPool.ranges(10, size: 4) == [0..<4, 4..<8, 8..<10])
        #expect(WorkerPool.ranges(0, size: 4).isEmpty)
        #expect(WorkerPool.ranges(3, size: 0) == [0..<1, 1..<2, 2..<3])
    }
}
