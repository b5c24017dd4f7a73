public enum JobStatus: String, Sendable, CaseIterable {
    case queued
    case running
    case succeeded
    case failed
    case cancelled

    /// Succeeded, failed or cancelled: the job will not change again.
    public var isFinished: Bool { self != .queued && self != .running }
}
