import JSON
import Selection

/// A `POST /v1/selections` body, checked for shape (types, required fields, unknown keys) but
/// not yet against the database. The same type is read back from a job's stored `request` when
/// the job runs, so what is echoed is exactly what runs.
struct SelectionRequest: Sendable {
    var candidatePool: String
    /// nil for a method that selects on the items' text (`dsir`): its candidates are a pool.
    var candidateFeature: String?
    var targets: SelectionTargets
    var method: String
    /// nil only when no budget was sent (TAROT OTM; any other method fails validation).
    var budget: Budget?
    /// `params` as sent, in their order.
    var params: [JSONValue.Member]
    /// `checkpoint_weights` as sent (`label: weight`), nil when absent.
    var checkpointWeights: [JSONValue.Member]?
    var seed: UInt64?
    /// Where the job computes (`execution.engine`).
    var execution: SelectionExecution = .local

    static let topLevelKeys: Set<String> = ["candidates", "targets", "method", "budget", "params", "checkpoint_weights", "seed", "execution"]

    var parameters: Parameters {
        Parameters(Dictionary(params.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a }))
    }

    /// The method's own description; nil for an unknown method (rejected by validation).
    var description: MethodDescription? { SelectionEngine.selector(named: method)?.method }

    /// The seed the method runs with: the one sent, else the method's default.
    var effectiveSeed: UInt64? { seed ?? description?.defaultSeed }
}
