import Foundation
import Selection
import Storage

/// What a running job sees: its record, a cancellation flag, progress reporting and a hook to
/// interrupt a long SQLite read when the job is cancelled.
public final class JobContext: Sendable {
    public let job: JobRecord
    private struct State {
        var cancelled = false
        var stopping = false
        var stage = "starting"
        var done = 0
        var total = 0
        var dirty = false
        var interrupter: (@Sendable () -> Void)?
        var clock = JobStageClock(stage: "starting")
    }

    private let state = Locked(State())

    init(job: JobRecord) { self.job = job }

    /// True once the job was cancelled or the service is shutting down.
    public var isCancelled: Bool { state.withLock { $0.cancelled || $0.stopping } }

    /// True when the stop came from a shutdown (the job must stay resumable, not be marked cancelled).
    var isStopping: Bool { state.withLock { $0.stopping } }

    public func progress(stage: String, done: Int, total: Int) {
        state.withLock { s in
            s.clock.enter(stage)
            s.stage = stage
            s.done = done
            s.total = total
            s.dirty = true
        }
    }

    /// Time spent per progress stage so far (`JobStageClock.summary`).
    var stageTimes: String { state.withLock { $0.clock.summary() } }

    /// The progress not yet written to the database, if any.
    func takeProgress() -> (stage: String, done: Int, total: Int)? {
        state.withLock { s in
            guard s.dirty else { return nil }
            s.dirty = false
            return (s.stage, s.done, s.total)
        }
    }

    func currentProgress() -> (stage: String, done: Int, total: Int) {
        state.withLock { ($0.stage, $0.done, $0.total) }
    }

    /// Runs `body` with `interrupt` registered: a cancel during `body` calls it (sqlite3_interrupt).
    public func whileInterruptible<T>(_ interrupt: @escaping @Sendable () -> Void, _ body: () throws -> T) rethrows -> T {
        let already = state.withLock { s -> Bool in
            s.interrupter = interrupt
            return s.cancelled || s.stopping
        }
        if already { interrupt() }
        defer { state.withLock { $0.interrupter = nil } }
        return try body()
    }

    func cancel(stopping: Bool = false) {
        let interrupter = state.withLock { s -> (@Sendable () -> Void)? in
            if stopping { s.stopping = true } else { s.cancelled = true }
            return s.interrupter
        }
        interrupter?()
    }

    /// The engine's view of this context.
    public var selectionControl: SelectionControl {
        SelectionControl(isCancelled: { [self] in isCancelled }, progress: { [self] stage, done, total in progress(stage: stage, done: done, total: total) })
    }

    public func checkCancelled() throws {
        if isCancelled { throw SelectionError(.cancelled, "cancelled") }
    }
}
