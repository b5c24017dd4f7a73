import Storage

/// Runs one kind of job. `run` may block for a long time; it must poll `context.isCancelled`
/// (or `checkCancelled()`) inside its loops and throw when it fires.
public protocol JobExecutor: Sendable {
    var kind: JobKind { get }
    /// Does the work and returns what to record; throwing records a failure (or a cancellation).
    func run(_ context: JobContext) throws -> JobCompletion
}

/// What a successful job leaves behind (results are stored by the executor itself, in batches).
public struct JobCompletion: Sendable {
    public var diagnostics: String?
    public var warnings: String?

    public init(diagnostics: String? = nil, warnings: String? = nil) {
        self.diagnostics = diagnostics
        self.warnings = warnings
    }
}
