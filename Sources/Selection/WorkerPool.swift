import Foundation

/// The threads one selection computes on: the calling thread plus `width - 1` helper threads,
/// started when the pool is made and stopped when it is released (one pool per `select` call).
///
/// A parallel step is a list of tasks `0..<count` (`forEach`): tasks are claimed in ascending
/// order by whichever thread is free, so which thread runs a task varies from run to run, and
/// callers make every task's output depend only on its index (fixed partitions, disjoint writes,
/// per-worker scratch). Reductions across tasks are combined by the caller after the step, in
/// task order. That is how every method gives bit-identical results for every width.
///
/// Helpers are created by the thread that makes the pool and inherit its scheduling niceness
/// (Linux keeps niceness per thread), so a job's helpers run at the job's lower priority.
/// BLAS stays single-threaded (`BLAS.useSingleThread`): each helper's calls run on that helper.
/// A task must not start a step on the same pool (the helpers are busy running it).
final class WorkerPool: @unchecked Sendable {
    /// Threads computing a step, the caller included (>= 1).
    let width: Int
    private let shared: Shared

    init(width: Int) {
        self.width = max(1, width)
        shared = Shared()
        for helper in 1..<self.width {
            let shared = self.shared
            let thread = Thread { shared.helperLoop(worker: helper) }
            thread.name = "shortlist-selection-\(helper)"
            thread.stackSize = 4 << 20
            thread.start()
        }
    }

    deinit { shared.stop() }

    /// Runs `body(task, worker)` for every task in `0..<count` and returns once all have run;
    /// `worker` (in `0..<width`) names the thread, for per-worker scratch buffers. When tasks
    /// throw, the error of the lowest-indexed failing task is rethrown, whatever the timing:
    /// tasks are claimed in ascending order and, after a failure, only higher tasks are skipped.
    func forEach(_ count: Int, _ body: (_ task: Int, _ worker: Int) throws -> Void) throws {
        guard count > 0 else { return }
        if width == 1 || count == 1 {
            for task in 0..<count { try body(task, 0) }
            return
        }
        try withoutActuallyEscaping(body) { escapable in
            let step = Step(count: count, body: escapable)
            shared.start(step, helpers: width - 1)
            step.work(worker: 0)
            shared.waitForHelpers()
            if let failure = step.failure { throw failure.error }
        }
    }

    /// `body(task, worker)` for every task, results in task order.
    func map<T>(_ count: Int, _ body: (_ task: Int, _ worker: Int) throws -> T) throws -> [T] {
        var results = [T?](repeating: nil, count: count)
        try results.withUnsafeMutableBufferPointer { out in
            try forEach(count) { task, worker in out[task] = try body(task, worker) }
        }
        return results.map { $0! }
    }

    /// `0..<total` cut into consecutive ranges of `size` (the last one shorter): a partition that
    /// depends only on `total` and `size`, never on the width.
    static func ranges(_ total: Int, size: Int) -> [Range<Int>] {
        let step = max(1, size)
        return stride(from: 0, to: total, by: step).map { $0..<min(total, $0 + step) }
    }
}

extension WorkerPool {
    /// One parallel step: the next task to claim and the lowest failure so far.
    private final class Step: @unchecked Sendable {
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

    /// What the helpers wait on: the current step, its generation, and how many helpers are
    /// still inside it.
    private final class Shared: @unchecked Sendable {
        private let condition = NSCondition()
        private var step: Step?
        private var generation = 0
        private var busy = 0
        private var stopping = false

        func start(_ step: Step, helpers: Int) {
            condition.lock()
            self.step = step
            generation += 1
            busy = helpers
            condition.broadcast()
            condition.unlock()
        }

        /// Returns once every helper has left the current step (none still holds its body).
        func waitForHelpers() {
            condition.lock()
            while busy > 0 { condition.wait() }
            step = nil
            condition.unlock()
        }

        func stop() {
            condition.lock()
            stopping = true
            condition.broadcast()
            condition.unlock()
        }

        func helperLoop(worker: Int) {
            var seen = 0
            condition.lock()
            while true {
                while generation == seen && !stopping { condition.wait() }
                if stopping { break }
                seen = generation
                let current = step
                condition.unlock()
                current?.work(worker: worker)
                condition.lock()
                busy -= 1
                condition.broadcast()
            }
            condition.unlock()
        }
    }
}
