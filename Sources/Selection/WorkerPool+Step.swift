import Foundation

extension WorkerPool {
    /// One parallel step: the next task to claim and the lowest failure so far.
    final class Step: @unchecked Sendable {
        let count: Int
        let body: (Int, Int) throws -> Void
        private let lock = NSLock()
        private var next = 0
        private(set) var failure: (task: Int, error: any Error)?

        init(count: Int, body: @escaping (Int, Int) throws -> Void) {
            self.count = count
            self.body = body
        }

        /// Claims and runs tasks until none is left (or a lower task failed).
        func work(worker: Int) {
            while let task = claim() {
                do { try body(task, worker) } catch { record(task, error) }
            }
        }

        private func claim() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard next < count, failure == nil || next < failure!.task else { return nil }
            next += 1
            return next - 1
        }

        private func record(_ task: Int, _ error: any Error) {
            lock.lock()
            if failure == nil || task < failure!.task { failure = (task, error) }
            lock.unlock()
        }
    }
}
