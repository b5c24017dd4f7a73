/// A Ray job's state as the job-submission API reports it.
struct RayJobStatus: Sendable, Equatable {
    /// PENDING, RUNNING, SUCCEEDED, FAILED or STOPPED.
    let state: String
    /// Ray's sentence about the state (for a failure: the entrypoint's exit and its last output).
    let message: String

    var isFinal: Bool { ["SUCCEEDED", "FAILED", "STOPPED"].contains(state) }
}
