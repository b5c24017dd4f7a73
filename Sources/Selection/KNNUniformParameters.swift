/// The parameters of `knn_uniform` (selection.md §6).
public struct KNNUniformParameters: Sendable, Equatable {
    /// The neighbour-list length (capped at N).
    public var neighbours = KNNUniformSelector.method.parameter("L").defaultInt
    public var alpha = KNNUniformSelector.method.parameter("alpha").defaultDouble
    public var c = KNNUniformSelector.method.parameter("C").defaultDouble

    public static var names: Set<String> { KNNUniformSelector.method.parameterNames }

    public init() {}

    public init(_ parameters: Parameters) throws {
        try parameters.rejectUnknown(allowed: Self.names)
        neighbours = try parameters.int("L", default: neighbours)
        guard neighbours >= 1 else { throw SelectionError(.invalidParameter, "L must be >= 1, got \(neighbours)", parameter: "L") }
        alpha = try parameters.double("alpha", default: alpha)
        guard alpha > 0, alpha < 1 else { throw SelectionError(.invalidParameter, "alpha must lie in (0, 1), got \(alpha)", parameter: "alpha") }
        c = try parameters.double("C", default: c)
        guard c > 0 else { throw SelectionError(.invalidParameter, "C must be > 0, got \(c)", parameter: "C") }
    }
}
