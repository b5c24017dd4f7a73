import Selection

/// Where an engine parameter lives in a selection request: the engine names the spec's
/// parameter (`k`, `lambda`, `groups`) or an input (`targets`); the API's `param` is its JSON path.
enum SelectionParamPath {
    static func apiPath(_ specName: String) -> String? {
        switch specName {
        case "k", "fraction": "budget.\(specName)"
        case "seed", "targets", "candidates", "checkpoint_weights", "method": specName
        case "checkpoints": "targets"
        default: "params.\(specName)"
        }
    }

    /// An engine error as the 400 it answers with, its `param` a JSON path of the request.
    /// An unknown key is always one of `params` (a `k` sent there is not the budget's).
    static func apiError(_ error: SelectionError) -> APIError {
        if error.code == .unknownParameter { return APIError(error) { "params.\($0)" } }
        return APIError(error, paramPrefix: apiPath)
    }
}
