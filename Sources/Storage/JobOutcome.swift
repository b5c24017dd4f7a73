/// How a job ended, with the JSON texts to record.
public struct JobOutcome: Sendable, Equatable {
    public let status: JobStatus
    public let error: String?
    public let diagnostics: String?
    public let warnings: String?

    public init(status: JobStatus, error: String? = nil, diagnostics: String? = nil, warnings: String? = nil) {
        self.status = status
        self.error = error
        self.diagnostics = diagnostics
        self.warnings = warnings
    }
}
