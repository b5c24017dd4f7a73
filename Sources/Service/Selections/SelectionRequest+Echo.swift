import JSON
import LinearAlgebra
import Selection

extension SelectionRequest {
    /// The request as it will run (openapi.yaml SelectionRequest): every defaulted parameter in
    /// `params`, `budget` present (null for TAROT OTM), the weights used in `checkpoint_weights`
    /// (checkpoint order), and `seed` for the methods that have one or when it was sent. A method
    /// on the items' text has no plan of vectors (`plan` nil) and no `checkpoint_weights`.
    func echo(plan: SelectionPlan?) -> JSONValue {
        var candidates = [JSONValue.Member("pool", .string(candidatePool))]
        if let candidateFeature { candidates.append(JSONValue.Member("feature", .string(candidateFeature))) }
        var members = [JSONValue.Member("candidates", .object(candidates))]
        if let targets = Self.targetsJSON(targets) { members.append(JSONValue.Member("targets", targets)) }
        members.append(JSONValue.Member("method", .string(method)))
        members.append(JSONValue.Member("budget", Self.budgetJSON(budget)))
        members.append(JSONValue.Member("params", .object(description?.filled(params) ?? params)))
        if let plan {
            members.append(JSONValue.Member("checkpoint_weights", .object(zip(plan.labels, plan.weights).map { JSONValue.Member($0, .double($1)) })))
        }
        if let seed = effectiveSeed { members.append(JSONValue.Member("seed", Self.seedJSON(seed))) }
        if execution != .local { members.append(JSONValue.Member("execution", .object(["engine": .string(execution.rawValue)]))) }
        return .object(members)
    }

    static func budgetJSON(_ budget: Budget?) -> JSONValue {
        switch budget {
        case let .count(k): .object(["k": .int(k)])
        case let .fraction(f): .object(["fraction": .double(f)])
        case nil: .null
        }
    }

    static func seedJSON(_ seed: UInt64) -> JSONValue {
        seed <= UInt64(Int.max) ? .int(Int(seed)) : .double(Double(seed))
    }

    private static func targetsJSON(_ targets: SelectionTargets) -> JSONValue? {
        switch targets {
        case .none: nil
        case let .stored(pool, feature): .object(["pool": .string(pool), "feature": .string(feature)])
        case let .vectors(matrix): .object(["vectors": rowsJSON(matrix)])
        case let .checkpoints(inline): .object(["checkpoints": .object(inline.map { JSONValue.Member($0.label, rowsJSON($0.matrix)) })])
        case let .pool(pool): .object(["pool": .string(pool)])
        case let .texts(texts): .object(["texts": .array(texts.map(JSONValue.string))])
        }
    }

    /// Float32 values widened exactly to float64, so re-reading the echo gives the same floats;
    /// written straight from the Float storage as verbatim text, never as a tree of values.
    static func rowsJSON(_ matrix: Matrix) -> JSONValue {
        var text = [UInt8]()
        text.reserveCapacity(matrix.values.count * 12 + 2 * matrix.rows + 2)
        matrix.values.withUnsafeBufferPointer { JSONWriter.writeFloatRows($0, cols: matrix.cols, into: &text) }
        return .verbatim(String(decoding: text, as: UTF8.self))
    }
}
