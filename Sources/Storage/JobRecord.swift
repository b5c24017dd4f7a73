/// A row of `jobs`. `request`, `error`, `diagnostics` and `warnings` are JSON text the Service encodes.
public struct JobRecord: Sendable, Equatable {
    public let id: String
    public let seq: Int64
    public let kind: JobKind
    public let status: JobStatus
    public let request: String
    public let progressStage: String?
    public let progressDone: Int
    public let progressTotal: Int
    public let createdAt: String
    public let startedAt: String?
    public let finishedAt: String?
    public let lastProgressAt: String?
    public let error: String?
    public let diagnostics: String?
    public let warnings: String?
    /// The method of a job stored with a plan (`JobPlan.method`); nil for an embed job or a job
    /// queued before plans were stored.
    public let method: String?
}
