/// The uniform entry point of every training-data selection method, so the Service can dispatch on
/// the API's `method` name. A method describes itself (`method`) beside its code and is registered
/// by declaring this conformance: adding one is its selector file(s) and its openapi.yaml schema.
public protocol Selector {
    /// The method's name, parameters, budget rule, default seed and diagnostics layout.
    static var method: MethodDescription { get }

    static func select(
        _ input: SelectionInput, budget: Budget?, parameters: Parameters, seed: UInt64?, control: SelectionControl
    ) throws -> SelectionResult
}

extension Selector {
    /// The API name (`less`, `round_robin`, ...).
    public static var methodName: String { method.name }
    /// The keys of `params` this method takes (never `k`, `fraction` or `seed`).
    public static var allowedParameters: Set<String> { method.parameterNames }
    /// Whether a budget is mandatory (false only for TAROT, where none means OTM).
    public static var requiresBudget: Bool { method.budget == .required }
    /// Whether targets are needed (false only for `random`).
    public static var requiresTargets: Bool { method.needsTargets }
}
