/// Where `JSONParser` decodes numeric arrays straight into `Float` storage instead of a
/// `JSONValue` tree (one boxed enum per number costs several times the text it came from): a
/// tree of object keys ending in `vector` (one array of numbers) or `rows` (an array of
/// equal-length arrays of numbers, row-major). Anything else at such a place (a string, a ragged
/// row, a value float32 cannot hold) is parsed as usual, so the plan never changes what a body
/// means, only what it costs.
public indirect enum JSONFloatPlan: Sendable {
    case vector
    case rows
    case members([String: JSONFloatPlan])
    /// The same plan under every key of an object (e.g. each checkpoint label).
    case everyMember(JSONFloatPlan)

    func child(_ key: String) -> JSONFloatPlan? {
        switch self {
        case .members(let members): members[key]
        case .everyMember(let plan): plan
        case .vector, .rows: nil
        }
    }
}
