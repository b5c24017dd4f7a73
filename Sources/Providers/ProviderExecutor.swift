import Foundation

/// A bounded pool of dedicated threads for blocking provider calls. Dispatch's global queues add
/// about one thread per second when work blocks (measured on Linux), so 64 callers waiting on a slow
/// LLM would serialise there; here each call gets its own thread up to `maxConcurrent`, and the
/// excess waits in FIFO order.
public final class ProviderExecutor: @unchecked Sendable {
    public let maxConcurrent: Int
    // All mutable state below is guarded by `condition`.
    private let condition = NSCondition()
    private var queue: [@Sendable () -> Void] = []
    private var threadCount = 0
    private var idleCount = 0

    /// How long a worker waits for work before its thread ends.
    public let idleSeconds: Double

    public init(maxConcurrent: Int = 64, idleSeconds: Double = 30) {
        self.maxConcurrent = max(1, maxConcurrent)
        self.idleSeconds = max(0.001, idleSeconds)
    }

    /// Threads currently alive (busy or idle).
    public var liveThreads: Int {
        condition.lock()
        defer { condition.unlock() }
        return threadCount
    }

    /// Runs `work` on a pool thread and blocks the caller until it returns.
    public func run<T: Sendable>(_ work: @escaping @Sendable () -> T) -> T {
        let box = ResultBox<T>()
        submit {
            box.set(work())
        }
        return box.wait()
    }

    /// Runs every job concurrently (bounded by the pool) and returns their results in input order.
    public func runAll<T: Sendable>(_ jobs: [@Sendable () -> T]) -> [T] {
        let boxes = jobs.map { job in
            let box = ResultBox<T>()
            submit { box.set(job()) }
            return box
        }
        return boxes.map { $0.wait() }
    }

    private func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        queue.append(job)
        // Idle workers that have not woken yet will each take one queued job; start a thread only for
        // jobs nobody is going to pick up.
        if queue.count > idleCount && threadCount < maxConcurrent {
            threadCount += 1
            startThread()
        }
        condition.signal()
        condition.unlock()
    }

    private func startThread() {
        let thread = Thread { [self] in workerLoop() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    // Provider traffic comes in bursts: workers outlive one call, but not a long quiet spell.
    private func workerLoop() {
        while let job = nextJob() { job() }
    }

    private func nextJob() -> (@Sendable () -> Void)? {
        condition.lock()
        defer { condition.unlock() }
        idleCount += 1
        defer { idleCount -= 1 }
        let deadline = Date(timeIntervalSinceNow: idleSeconds)
        while queue.isEmpty {
            if !condition.wait(until: deadline) && queue.isEmpty {
                threadCount -= 1
                return nil
            }
        }
        return queue.removeFirst()
    }
}
