import Selection

/// The method-level checks of a selection request, run before a job exists: the method is known,
/// a budget is present when the method needs one, targets are present when it needs them, and
/// the method's own validation (parameters, budget against N, weights, targets) passes on a
/// probe input that has the real shapes but is never read.
enum SelectionValidator {
    static func selector(for request: SelectionRequest) throws(APIError) -> any Selector.Type {
        guard let selector = SelectionEngine.selector(named: request.method) else {
            throw APIError.invalid(
                "unknown method \"\(request.method)\"; one of: \(SelectionEngine.methodNames.joined(separator: ", "))",
                param: "method", code: "invalid_parameter")
        }
        if selector.requiresBudget, request.budget == nil {
            throw APIError.invalid("method \(request.method) needs a budget: {\"k\": n} or {\"fraction\": f}", param: "budget", code: "invalid_budget")
        }
        if selector.requiresTargets, case .none = request.targets {
            throw APIError.invalid("method \(request.method) needs targets", param: "targets")
        }
        return selector
    }

    /// Runs `selector` on the plan's real targets and weights with probe candidates.
    static func probe(_ selector: any Selector.Type, _ request: SelectionRequest, plan: SelectionPlan) throws {
        let sources: [any RowBlockSource] = plan.checkpoints.map { ProbeRowSource(rowCount: plan.candidateCount, dim: $0.dim) }
        try probe(selector, request, input: plan.input(sources: sources, blockRows: 1))
    }

    /// Runs a method on the items' text with sources that have the real counts but are never read.
    static func probe(_ selector: any Selector.Type, _ request: SelectionRequest, plan: TextSelectionPlan) throws {
        try probe(selector, request, input: plan.input(db: nil, blockRows: 1))
    }

    private static func probe(_ selector: any Selector.Type, _ request: SelectionRequest, input: SelectionInput) throws {
        do {
            _ = try selector.select(input, budget: request.budget, parameters: request.parameters, seed: request.effectiveSeed, control: .none)
        } catch is ProbeRowSource.ReachedRows {
            return
        } catch let error as SelectionError {
            throw SelectionParamPath.apiError(error)
        }
    }
}
