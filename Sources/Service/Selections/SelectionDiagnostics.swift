import JSON
import Selection

/// A method's diagnostics as a job result carries them (docs/api.md), laid out as the method
/// declares (`MethodDescription.diagnostics`): per-candidate arrays dropped (the method's score
/// of every candidate, `all_scores`, stands as `score_histogram`: its exact counts over every
/// candidate, selected vs not, which is what a score histogram needs), per-checkpoint arrays gathered into `"checkpoints": [{"label", ...}]` in checkpoint order,
/// everything else as the engine named and ordered it.
enum SelectionDiagnostics {
    static let scoreKey = "all_scores"

    /// `selected`: the result's candidate indices.
    static func shape(_ diagnostics: [JSONValue.Member], labels: [String], method: MethodDescription, selected: [Int]) -> JSONValue {
        let perCandidateKeys = Set(method.diagnostics.filter { $0.layout == .perCandidate }.map(\.key))
        let perCheckpointKeys = Set(method.diagnostics.filter { $0.layout == .perCheckpoint }.map(\.key))
        var out: [JSONValue.Member] = []
        var perCheckpoint: [[JSONValue.Member]] = labels.map { [JSONValue.Member("label", .string($0))] }
        var checkpointsSlot: Int?
        for member in diagnostics where perCandidateKeys.contains(member.key) {
            guard member.key == scoreKey, let scores = member.value.arrayValue?.compactMap(\.doubleValue) else { continue }
            out.append(JSONValue.Member("score_histogram", SelectionHistogram.json(scores, selected: Set(selected))))
        }
        for member in diagnostics where !perCandidateKeys.contains(member.key) {
            if perCheckpointKeys.contains(member.key), let values = member.value.arrayValue, values.count == labels.count {
                for (t, value) in values.enumerated() { perCheckpoint[t].append(JSONValue.Member(member.key, value)) }
                if checkpointsSlot == nil {
                    checkpointsSlot = out.count
                    out.append(JSONValue.Member("checkpoints", .null))
                }
            } else {
                out.append(member)
            }
        }
        if let slot = checkpointsSlot { out[slot] = JSONValue.Member("checkpoints", .array(perCheckpoint.map { .object($0) })) }
        return .object(out)
    }
}
