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
public final class WorkerPool: @unchecked Sendable {
    /// Threads computing a step, the caller included (>= 1).
    public let width: Int
    private let shared: Shared

    public init(width: Int) {
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
    public func forEach(_ count: Int, _ body: (_ task: Int, _ worker: Int) throws -> Void) throws {
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
    public static func ranges(_ total: Int, size: Int) -> [Range<Int>] {
        let step = max(1, size)
        return stride(from: 0, to: total, by: step).map { $0..<min(total, $0 + step) }
    }
}
