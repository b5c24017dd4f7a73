import JSON
import Selection
import Storage

/// The figures of a finished evaluation (docs/evaluations.md §Result), computed from its stored
/// pairs: per arm n, accuracy and its bootstrap interval, and per pair of arms the paired
/// difference, its interval and the exact McNemar test. Error pairs count in no denominator.
struct EvaluationSummary {
    let armNames: [String]
    let queryCount: Int
    let pairs: [EvaluationPairRow]
    let resamples: Int
    let seed: UInt64

    /// `outcomes[arm][query]`: correct or not; nil for an error pair (or none stored).
    var outcomes: [[Bool?]] {
        var o = [[Bool?]](repeating: [Bool?](repeating: nil, count: queryCount), count: armNames.count)
        for p in pairs where !p.isError && o.indices.contains(p.armIndex) && (0..<queryCount).contains(p.queryIndex) {
            o[p.armIndex][p.queryIndex] = p.correct ?? false
        }
        return o
    }

    var json: JSONValue {
        let outcomes = outcomes
        var arms: [JSONValue] = []
        var comparisons: [JSONValue] = []
        for a in armNames.indices {
            arms.append(arm(at: a, outcomes[a]))
            for b in (a + 1)..<armNames.count { comparisons.append(comparison(a, b, outcomes)) }
        }
        return .object([.init("arms", .array(arms)), .init("comparisons", .array(comparisons))])
    }

    private func arm(at index: Int, _ outcome: [Bool?]) -> JSONValue {
        let answered: [Bool] = outcome.compactMap { $0 }
        let mine = pairs.filter { $0.armIndex == index }
        let ok = mine.filter { !$0.isError }
        let asked = ok.filter { $0.cache == "miss" }
        let correct = answered.filter { $0 }.count
        let accuracy: JSONValue = answered.isEmpty ? .null : .double(Double(correct) / Double(answered.count))
        let values: [Double] = answered.map { $0 ? 1.0 : 0.0 }
        let latencies: [Double] = asked.compactMap(\.latencyMs)
        let promptTokens: [Double] = ok.compactMap(\.promptTokens).map { Double($0) }
        let completionTokens: [Double] = ok.compactMap(\.completionTokens).map { Double($0) }
        let members: [JSONValue.Member] = [
            .init("name", .string(armNames[index])),
            .init("n", .int(answered.count)),
            .init("correct", .int(correct)),
            .init("errors", .int(mine.filter(\.isError).count)),
            .init("accuracy", accuracy),
            .init("ci95", interval(values)),
            .init("mean_latency_ms", Self.mean(latencies)),
            .init("mean_prompt_tokens", Self.mean(promptTokens)),
            .init("mean_completion_tokens", Self.mean(completionTokens)),
            .init("cache_hits", .int(ok.filter { $0.cache == "hit" }.count)),
        ]
        return .object(members)
    }

    private func comparison(_ a: Int, _ b: Int, _ outcomes: [[Bool?]]) -> JSONValue {
        var paired: [(Bool, Bool)] = []
        for (x, y) in zip(outcomes[a], outcomes[b]) {
            if let x, let y { paired.append((x, y)) }
        }
        let differences: [Double] = paired.map { ($0.0 ? 1.0 : 0.0) - ($0.1 ? 1.0 : 0.0) }
        let aOnly = paired.filter { $0.0 && !$0.1 }.count
        let bOnly = paired.filter { !$0.0 && $0.1 }.count
        let difference: JSONValue = differences.isEmpty ? .null : .double(differences.reduce(0, +) / Double(differences.count))
        let members: [JSONValue.Member] = [
            .init("a", .string(armNames[a])),
            .init("b", .string(armNames[b])),
            .init("n", .int(paired.count)),
            .init("difference", difference),
            .init("ci95", interval(differences)),
            .init("a_only", .int(aOnly)),
            .init("b_only", .int(bOnly)),
            .init("p_value", .double(EvaluationStatistics.mcnemarExactP(b: aOnly, c: bOnly))),
        ]
        return .object(members)
    }

    private func interval(_ values: [Double]) -> JSONValue {
        guard let ci = EvaluationStatistics.bootstrapInterval(values, resamples: resamples, seed: seed) else { return .null }
        return .array([.double(ci.low), .double(ci.high)])
    }

    static func mean(_ values: [Double]) -> JSONValue {
        values.isEmpty ? .null : .double(values.reduce(0, +) / Double(values.count))
    }
}
