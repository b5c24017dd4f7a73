import Foundation

/// Progress of a parallel step as one running count: tasks finishing on different threads add
/// their share under one lock and report the new total inside it, so `done` never goes backwards.
public final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private let control: SelectionControl
    private let stage: String
    private let total: Int
    private var done: Int

    public init(_ control: SelectionControl, stage: String, total: Int, done: Int = 0) {
        self.control = control
        self.stage = stage
        self.total = total
        self.done = done
    }

    public func add(_ count: Int) {
        lock.lock()
        defer { lock.unlock() }
        done += count
        control.progress(stage, done, total)
    }
}
