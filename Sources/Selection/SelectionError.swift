/// A typed engine error (specs README §5). The Service maps each to a 400 naming `parameter`
/// (a spec parameter name such as `k`, `groups`, `lambda`, or an input name such as `targets`).
public struct SelectionError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case invalidBudget = "invalid_budget"
        case shapeMismatch = "shape_mismatch"
        case nonFiniteInput = "non_finite_input"
        case invalidParameter = "invalid_parameter"
        case invalidGroups = "invalid_groups"
        case tooManySubsets = "too_many_subsets"
        case degenerateInput = "degenerate_input"
        case emptyInput = "empty_input"
        case unknownParameter = "unknown_parameter"
        /// The caller's cancellation check fired (a job was cancelled); not a client error.
        case cancelled = "cancelled"
    }

    public let code: Code
    public let message: String
    public let parameter: String?

    public init(_ code: Code, _ message: String, parameter: String? = nil) {
        self.code = code
        self.message = message
        self.parameter = parameter
    }

    public var description: String {
        parameter.map { "\(code.rawValue) (\($0)): \(message)" } ?? "\(code.rawValue): \(message)"
    }
}
