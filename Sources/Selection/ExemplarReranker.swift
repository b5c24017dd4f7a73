/// The re-rankers of the DQ-LoRe pipeline (specs/exemplars.md §5); the raw value is the API name.
public enum ExemplarReranker: String, Sendable, CaseIterable {
    case lore, knn, gaussian, mgs, mmr, random

    /// `m` when the request gives none: 10 for `mgs`, because C(64, 8) would far exceed the
    /// subset cap; 64 otherwise.
    public var defaultM: Int { self == .mgs ? 10 : 64 }

    /// `random` draws from the whole filtered pool and has no first stage.
    public var usesFirstStage: Bool { self != .random }

    /// Parses an API name; unknown names are `invalid_parameter` naming `parameter`.
    public static func named(_ name: String, parameter: String = "reranker") throws -> ExemplarReranker {
        guard let r = ExemplarReranker(rawValue: name) else {
            let known = allCases.map(\.rawValue).joined(separator: ", ")
            throw SelectionError(.invalidParameter, "unknown re-ranker \"\(name)\"; one of \(known)", parameter: parameter)
        }
        return r
    }
}
