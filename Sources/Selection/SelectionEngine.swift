/// The registry of training-data selection methods: the Service dispatches on the API's `method`
/// name through `selector(named:)`.
public enum SelectionEngine {
    /// Every method, in the order design/api.md lists them.
    public static var selectors: [any Selector.Type] {
        [
            LessSelector.self,
            LessDoublyGreedySelector.self,
            LessMeanTopKSelector.self,
            RoundRobinSelector.self,
            UOTSelector.self,
            KNNUniformSelector.self,
            GISTSelector.self,
            TAROTSelector.self,
            RandomSelector.self,
            FacilityLocationSelector.self,
            LeverageSelector.self,
        ]
    }

    /// The method names the API accepts, in registry order.
    public static var methodNames: [String] { selectors.map { $0.methodName } }

    /// The selector for an API method name, or `nil` for an unknown method.
    public static func selector(named name: String) -> (any Selector.Type)? {
        selectors.first { $0.methodName == name }
    }
}
