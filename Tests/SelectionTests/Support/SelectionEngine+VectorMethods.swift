import Selection

extension SelectionEngine {
    /// The methods that select on vectors, which the generic suites feed synthetic matrices
    /// (`dsir` selects on text and has its own suites).
    static var vectorMethodNames: [String] {
        selectors.filter { $0.method.input == .vectors }.map(\.methodName)
    }
}
