import JSON
import Selection

/// What an embed job was asked to do, as stored in the job's `request` (every default filled in).
struct EmbedJobRequest: Sendable, Equatable {
    static let checkpoint = "default"
    static let batchSize = 64

    let pool: String
    let feature: String
    let template: EmbedJobTemplate

    var json: JSONValue {
        .object([
            "pool": .string(pool), "feature": .string(feature), "checkpoint": .string(Self.checkpoint),
            "template": .string(template.source),
        ])
    }

    /// Reads a stored request back (the job runner hands the executor the stored text).
    static func parse(stored text: String) throws -> EmbedJobRequest {
        let value = try JSONParser.parse(Array(text.utf8))
        let body = try JSONObjectReader(value)
        return EmbedJobRequest(pool: try body.requiredString("pool"), feature: try body.requiredString("feature"),
                               template: try EmbedJobTemplate(try body.string("template") ?? EmbedJobTemplate.defaultText))
    }
}
