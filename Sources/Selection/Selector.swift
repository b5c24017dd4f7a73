/// The uniform entry point of every training-data selection method, so the Service can dispatch on
/// the API's `method` name and report each method's parameter names.
public protocol Selector {
    /// The API name (`less`, `round_robin`, ...).
    static var methodName: String { get }
    /// The keys of `params` this method takes (never `k`, `fraction` or `seed`).
    static var allowedParameters: Set<String> { get }
    /// Whether a budget is mandatory (false only for TAROT, where none means OTM).
    static var requiresBudget: Bool { get }
    /// Whether targets are needed (false only for `random`).
    static var requiresTargets: Bool { get }

    static func select(
        _ input: SelectionInput, budget: Budget?, parameters: Parameters, seed: UInt64?, control: SelectionControl
    ) throws -> SelectionResult
}

extension Selector {
    public static var requiresBudget: Bool { true }
    public static var requiresTargets: Bool { true }
}
