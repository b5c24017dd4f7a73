import JSON

/// Everything the service says about a selection method, declared once beside its selector:
/// its API name, its parameters, whether it needs a budget and targets, its default seed and
/// the layout of its diagnostics. Request validation, the echo of a job's `request`, the result's
/// diagnostics, the CLI's help and the openapi.yaml check all read it.
public struct MethodDescription: Sendable {
    /// What a missing budget means.
    public enum BudgetRule: Sendable, Equatable {
        case required
        /// No budget is allowed and means the method chooses the size (TAROT: OTM).
        case optional(whenAbsent: String)
    }

    /// Where a diagnostics entry goes in a job result.
    public enum DiagnosticLayout: Sendable, Equatable {
        /// As the engine wrote it.
        case scalar
        /// One value per checkpoint: gathered into `"checkpoints": [{"label", ...}]`.
        case perCheckpoint
        /// One value per candidate: too large for a result, dropped there.
        case perCandidate
    }

    /// What the method selects on.
    public enum Input: Sendable, Equatable {
        /// Stored feature vectors: `candidates` names a pool and a feature (every method but dsir).
        case vectors
        /// The items' text: `candidates` names a pool, targets a pool or inline texts (`dsir`).
        case texts
    }

    public let name: String
    public let summary: String
    public let input: Input
    public let parameters: [MethodParameter]
    public let budget: BudgetRule
    public let needsTargets: Bool
    /// The seed used when none is sent; nil for methods without randomness.
    public let defaultSeed: UInt64?
    /// The diagnostics keys the method writes, in its order, with their layout; the last is
    /// `quality` (coverage.md §4), which every method reports (`Selector.selectAndMeasure`).
    public let diagnostics: [(key: String, layout: DiagnosticLayout)]

    public init(
        name: String, summary: String, input: Input = .vectors, parameters: [MethodParameter] = [], budget: BudgetRule = .required,
        needsTargets: Bool = true, defaultSeed: UInt64? = nil, diagnostics: [(key: String, layout: DiagnosticLayout)] = []
    ) {
        self.name = name
        self.summary = summary
        self.input = input
        self.parameters = parameters
        self.budget = budget
        self.needsTargets = needsTargets
        self.defaultSeed = defaultSeed
        self.diagnostics = diagnostics + [(SelectionQuality.diagnosticKey, .scalar)]
    }

    public var parameterNames: Set<String> { Set(parameters.map(\.name)) }

    /// The declared parameter `name`; a name the method does not declare is a programming error.
    public func parameter(_ name: String) -> MethodParameter {
        guard let p = parameters.first(where: { $0.name == name }) else { preconditionFailure("\(self.name) declares no parameter \(name)") }
        return p
    }

    /// `given` with every defaulted parameter filled in, in declaration order; keys the method
    /// does not declare (rejected by its validation) keep their place at the end.
    public func filled(_ given: [JSONValue.Member]) -> [JSONValue.Member] {
        var out: [JSONValue.Member] = []
        for p in parameters {
            if let sent = given.first(where: { $0.key == p.name && $0.value != .null }) {
                out.append(sent)
            } else if let value = p.defaultValue {
                out.append(JSONValue.Member(p.name, value))
            }
        }
        out.append(contentsOf: given.filter { !parameterNames.contains($0.key) && $0.value != .null })
        return out
    }
}
