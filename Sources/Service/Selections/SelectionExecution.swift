/// Where a selection job computes (`execution.engine` of a request): in this process (`local`,
/// the default), or as a Ray job over the candidates' exported shards (`ray`, docs/scaling.md).
enum SelectionExecution: String, Sendable {
    case local
    case ray

    /// `execution` as sent: an object whose only key is `engine`; absent means local.
    static func parse(_ reader: JSONObjectReader?) throws(APIError) -> SelectionExecution {
        guard let reader else { return .local }
        try reader.rejectUnknown(allowed: ["engine"])
        let engine = try reader.string("engine") ?? "local"
        guard let execution = SelectionExecution(rawValue: engine) else {
            throw APIError.invalid("execution.engine must be \"local\" or \"ray\", got \"\(engine.prefix(40))\"", param: "execution.engine")
        }
        return execution
    }
}
