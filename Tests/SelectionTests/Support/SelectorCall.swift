import JSON
import Selection

/// Runs a selector with a count budget and no parameters (each method's defaults), as a job
/// does: with its `quality` diagnostics.
func runSelector(
    _ selector: any Selector.Type, _ input: SelectionInput, k: Int, parameters: [String: JSONValue] = [:],
    seed: UInt64? = nil, control: SelectionControl = .none
) throws -> SelectionResult {
    try selector.selectAndMeasure(input, budget: .count(k), parameters: Parameters(parameters), seed: seed, control: control)
}

/// The thrown SelectionError of `body`, or nil when it does not throw one.
func selectionError(_ body: () throws -> Void) -> SelectionError? {
    do {
        try body()
        return nil
    } catch let error as SelectionError {
        return error
    } catch {
        return nil
    }
}
