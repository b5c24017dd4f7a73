/// What a job runs, stored beside its request when it is created: the Service writes `text`
/// (compact JSON) and `rows` (inline rows as bytes) and reads them back instead of the request.
public struct JobPlan: Sendable, Equatable {
    /// The selection method (also the job listing's `method`).
    public let method: String
    public let text: String
    public let rows: [UInt8]

    public init(method: String, text: String, rows: [UInt8] = []) {
        self.method = method
        self.text = text
        self.rows = rows
    }
}
