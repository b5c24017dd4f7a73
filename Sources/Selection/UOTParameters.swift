/// The parameters of `uot` (selection.md §5), validated finite and in range.
public struct UOTParameters: Sendable, Equatable {
    public var eps = UOTSelector.method.parameter("eps").defaultDouble
    public var regM = UOTSelector.method.parameter("reg_m").defaultDouble
    public var maxIter = UOTSelector.method.parameter("max_iter").defaultInt
    public var tol = UOTSelector.method.parameter("tol").defaultDouble

    public static var names: Set<String> { UOTSelector.method.parameterNames }

    public init() {}

    public init(_ parameters: Parameters) throws {
        try parameters.rejectUnknown(allowed: Self.names)
        eps = try Self.positive(parameters, "eps", default: eps)
        regM = try Self.positive(parameters, "reg_m", default: regM)
        tol = try Self.positive(parameters, "tol", default: tol)
        maxIter = try parameters.int("max_iter", default: maxIter)
        guard maxIter >= 1 else { throw SelectionError(.invalidParameter, "max_iter must be >= 1, got \(maxIter)", parameter: "max_iter") }
    }

    private static func positive(_ parameters: Parameters, _ key: String, default value: Double) throws -> Double {
        let x = try parameters.double(key, default: value)
        guard x > 0 else { throw SelectionError(.invalidParameter, "\(key) must be > 0, got \(x)", parameter: key) }
        return x
    }
}
