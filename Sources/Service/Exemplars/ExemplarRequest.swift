import Selection

/// A parsed `POST /v1/exemplars` body (design/api.md), every default filled in.
struct ExemplarRequest: Sendable {
    var pool: String
    var question: String
    var options: ExemplarOptions
    var feature: String?
    var checkpoint: String?
    var dualQuery = true
    var initialIDs: [String]?
    var initialK = 4
    var cot: String?
    var queryVector: [Float]?
    var filter: MetadataFilter
    var excludeIDs: [String] = []
    var includePrompt = false
    var generate = false
}
