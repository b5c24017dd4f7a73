import Foundation

extension StoredRowBlockSource {
    /// The hand-over between a block reader thread and the thread computing on blocks: a fixed
    /// set of buffers cycling free -> filled -> free, under one condition variable.
    ///
    /// `@unchecked Sendable`: all state is guarded by `condition`; a buffer is written only by the
    /// side that took it (reader between `takeFree` and `publish`, consumer between `nextFilled`
    /// and `release`).
    final class Pipe: @unchecked Sendable {
        struct Block {
            let slot: Int
            let start: Int
            let rows: Int
        }

        /// Thrown to the reader when the consumer has stopped.
        struct Stopped: Error {}

        private let condition = NSCondition()
        private let buffers: [UnsafeMutableBufferPointer<Float>]
        private var free: [Int]
        private var filled: [Block] = []
        private var producing = true
        private var consuming = true
        private(set) var failure: (any Error)?

        init(slotCount: Int, slotFloats: Int) {
            // Not zeroed: SQLite writes every row of a block before it is published, and a
            // consumer sees only the published rows. Zeroing two blocks (268 MB at 4,096 rows x
            // 8,192 dims) cost the job's thread ~0.1 s before the first read; the reader thread
            // now takes those page faults while the workers multiply.
            buffers = (0..<slotCount).map { _ in UnsafeMutableBufferPointer<Float>.allocate(capacity: max(1, slotFloats)) }
            free = Array((0..<slotCount).reversed())
        }

        deinit { buffers.forEach { $0.deallocate() } }

        func slot(_ index: Int) -> UnsafeMutableBufferPointer<Float> { buffers[index] }

        /// Reader: a free buffer, waiting for one; `Stopped` once the consumer has gone.
        func takeFree() throws -> Int {
            condition.lock()
            defer { condition.unlock() }
            while free.isEmpty && consuming { condition.wait() }
            guard consuming, let slot = free.popLast() else { throw Stopped() }
            return slot
        }

        func publish(slot: Int, start: Int, rows: Int) {
            withLock { filled.append(Block(slot: slot, start: start, rows: rows)) }
        }

        func fail(_ error: any Error) { withLock { failure = error } }

        func finishProducing() { withLock { producing = false } }

        /// Consumer: the next block in order, or nil when the reader is done (or failed).
        func nextFilled() -> Block? {
            condition.lock()
            defer { condition.unlock() }
            while filled.isEmpty && producing && failure == nil { condition.wait() }
            guard failure == nil, !filled.isEmpty else { return nil }
            return filled.removeFirst()
        }

        func release(_ slot: Int) { withLock { free.append(slot) } }

        func stopConsuming() { withLock { consuming = false } }

        func waitUntilProducerFinished() {
            condition.lock()
            while producing { condition.wait() }
            condition.unlock()
        }

        private func withLock(_ body: () -> Void) {
            condition.lock()
            body()
            condition.broadcast()
            condition.unlock()
        }
    }
}
