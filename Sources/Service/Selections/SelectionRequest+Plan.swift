import JSON
import LinearAlgebra
import Storage

extension SelectionRequest {
    /// What a job stores to run this request: its echo (the request as it runs) without inline
    /// target rows, those rows' shapes, and the rows themselves as float32 bytes. The executor
    /// reads this back instead of parsing the stored request, whose inline rows can be 10,000
    /// rows of text per checkpoint.
    func jobPlan(echo: JSONValue) -> JobPlan {
        guard case let .object(members) = echo else { preconditionFailure("an echo is an object") }
        let inline: [(label: String?, matrix: Matrix)]
        switch targets {
        case .none, .stored, .pool, .texts: inline = []
        case let .vectors(matrix): inline = [(nil, matrix)]
        case let .checkpoints(list): inline = list.map { ($0.label, $0.matrix) }
        }
        var plan = [JSONValue.Member("request", .object(inline.isEmpty ? members : members.filter { $0.key != "targets" }))]
        if !inline.isEmpty {
            plan.append(JSONValue.Member("inline_targets", .array(inline.map { entry in
                .object(["label": entry.label.map(JSONValue.string) ?? .null, "rows": .int(entry.matrix.rows), "cols": .int(entry.matrix.cols)])
            })))
        }
        let rows = inline.flatMap { entry in entry.matrix.values.withUnsafeBytes { Array($0) } }
        return JobPlan(method: method, text: String(decoding: JSONWriter.encode(.object(plan)), as: UTF8.self), rows: rows)
    }

    /// The request a stored plan runs: parsed from its small JSON, inline targets from their bytes.
    init(plan: JobPlan) throws {
        let value = try JSONParser.parse(Array(plan.text.utf8))
        guard let request = value["request"] else { throw StorageError.corrupt("job plan without a request") }
        self = try Self.parse(request)
        guard let shapes = value["inline_targets"]?.arrayValue else { return }
        var matrices: [(label: String?, matrix: Matrix)] = []
        var offset = 0
        for shape in shapes {
            guard let rows = shape["rows"]?.intValue, let cols = shape["cols"]?.intValue, rows >= 0, cols >= 0,
                  offset + rows * cols * 4 <= plan.rows.count
            else { throw StorageError.corrupt("job plan: inline targets do not match their bytes") }
            let end = offset + rows * cols * 4
            var values = [Float](repeating: 0, count: rows * cols)
            values.withUnsafeMutableBytes { $0.copyBytes(from: plan.rows[offset..<end]) }
            matrices.append((shape["label"]?.stringValue, Matrix(rows: rows, cols: cols, values: values)))
            offset = end
        }
        if matrices.count == 1, matrices[0].label == nil {
            targets = .vectors(matrices[0].matrix)
        } else {
            targets = .checkpoints(matrices.map { SelectionTargets.LabeledMatrix(label: $0.label ?? "", matrix: $0.matrix) })
        }
    }
}
