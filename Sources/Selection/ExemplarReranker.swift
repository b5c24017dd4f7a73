/// A registered re-ranker, by its API name (`SelectionEngine.rerankers` lists them).
public struct ExemplarReranker: RawRepresentable, Sendable, Hashable, CaseIterable {
    public let rawValue: String

    /// nil for a name no registered re-ranker has.
    public init?(rawValue: String) {
        guard SelectionEngine.rerankers.contains(where: { $0.method.name == rawValue }) else { return nil }
        self.rawValue = rawValue
    }

    public init(_ type: any ExemplarRerankerMethod.Type) {
        rawValue = type.method.name
    }

    /// The API's default (DQ-LoRe).
    public static let lore = ExemplarReranker(LoreReranker.self)

    public static var allCases: [ExemplarReranker] { SelectionEngine.rerankers.map(ExemplarReranker.init) }

    /// The re-ranker's code; a registered name always has one.
    public var type: any ExemplarRerankerMethod.Type {
        guard let t = SelectionEngine.rerankers.first(where: { $0.method.name == rawValue }) else {
            preconditionFailure("no re-ranker \(rawValue)")
        }
        return t
    }

    public var method: RerankerDescription { type.method }
    public var defaultM: Int { method.defaultM }
    public var usesFirstStage: Bool { method.usesFirstStage }

    /// Parses an API name; unknown names are `invalid_parameter` naming `parameter`.
    public static func named(_ name: String, parameter: String = "reranker") throws -> ExemplarReranker {
        guard let r = ExemplarReranker(rawValue: name) else {
            let known = allCases.map(\.rawValue).joined(separator: ", ")
            throw SelectionError(.invalidParameter, "unknown re-ranker \"\(name)\"; one of \(known)", parameter: parameter)
        }
        return r
    }
}
