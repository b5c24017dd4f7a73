/// The registries of training-data selection methods and exemplar re-rankers: the Service
/// dispatches on the API's `method` name through `selector(named:)` and `ExemplarReranker`.
/// Both lists are derived at build time from the types declared as conforming to `Selector` and
/// `ExemplarRerankerMethod` (the MethodRegistry plugin), so a method registers itself in its own file.
public enum SelectionEngine {
    /// Every method, ordered by API name (the order of the CLI's help and of error messages).
    public static var selectors: [any Selector.Type] { declaredSelectors.sorted { $0.methodName < $1.methodName } }

    /// The method names the API accepts, in registry order.
    public static var methodNames: [String] { selectors.map { $0.methodName } }

    /// The methods that select on vectors (features, checkpoints), in registry order; `dsir`
    /// selects on the items' text. A closure, not `\.methodName`: a key path to a static member
    /// of an existential metatype crashes the compiler (signal 11 in SILGen).
    public static var vectorMethodNames: [String] {
        let onVectors: [any Selector.Type] = selectors.filter { $0.method.input == .vectors }
        return onVectors.map { $0.methodName }
    }

    /// The selector for an API method name, or `nil` for an unknown method.
    public static func selector(named name: String) -> (any Selector.Type)? {
        declaredSelectors.first { $0.methodName == name }
    }

    /// Every exemplar re-ranker, ordered by API name.
    public static var rerankers: [any ExemplarRerankerMethod.Type] {
        declaredRerankers.sorted { $0.method.name < $1.method.name }
    }
}
