import JSON
import LinearAlgebra
import Selection

extension SelectionRequest {
    /// Inline target rows are decoded straight into Float storage.
    static let floatPlan = JSONFloatPlan.members(["targets": .members(["vectors": .rows, "checkpoints": .everyMember(.rows)])])

    /// Reads a body (or a stored `request`), naming the JSON path of the first fault.
    static func parse(_ value: JSONValue) throws(APIError) -> SelectionRequest {
        try parse(JSONDocument(value: value))
    }

    static func parse(_ document: JSONDocument) throws(APIError) -> SelectionRequest {
        let body = try JSONObjectReader(document.value, nullable: ["budget"], floatBlocks: document.floatBlocks)
        try body.rejectUnknown(allowed: topLevelKeys)
        if let name = try body.string("method"), SelectionEngine.selector(named: name)?.method.input == .texts {
            return try parseTextRequest(body, method: name)
        }
        guard let candidates = try body.object("candidates") else {
            throw APIError.invalid("candidates is required: {\"pool\", \"feature\"}", param: "candidates")
        }
        let (pool, feature) = try featureReference(candidates)
        let method = try body.requiredString("method")
        return SelectionRequest(
            candidatePool: pool, candidateFeature: feature,
            targets: try parseTargets(try body.object("targets")),
            method: method,
            budget: try parseBudget(body.value("budget")),
            params: try parseObjectMembers(body, "params"),
            checkpointWeights: body.value("checkpoint_weights") == nil ? nil : try parseObjectMembers(body, "checkpoint_weights"),
            seed: try parseSeed(body),
            execution: try SelectionExecution.parse(try body.object("execution")))
    }

    private static func featureReference(_ reader: JSONObjectReader) throws(APIError) -> (String, String) {
        try reader.rejectUnknown(allowed: ["pool", "feature"])
        let pool = try reader.requiredString("pool")
        try Names.requireName(pool, param: reader.fieldPath("pool"), what: "pool name")
        let feature = try reader.requiredString("feature")
        try Names.requireName(feature, param: reader.fieldPath("feature"), what: "feature name")
        return (pool, feature)
    }

    static func parseObjectMembers(_ body: JSONObjectReader, _ key: String) throws(APIError) -> [JSONValue.Member] {
        guard let reader = try body.object(key) else { return [] }
        return reader.members
    }

    static func parseSeed(_ body: JSONObjectReader) throws(APIError) -> UInt64? {
        guard let seed = try body.int("seed") else { return nil }
        // Below 2^53 (openapi.yaml Seed): exact through any JSON parser that reads numbers as doubles.
        guard seed >= 0, seed <= 9_007_199_254_740_991 else {
            throw APIError.invalid("seed must be an integer in 0...2^53-1, got \(seed)", param: "seed", code: "invalid_parameter")
        }
        return UInt64(seed)
    }

    /// `{"k"}` or `{"fraction"}`; null or absent is "no budget", which only TAROT accepts.
    static func parseBudget(_ value: JSONValue?) throws(APIError) -> Budget? {
        guard let value else { return nil }
        let reader = try JSONObjectReader(value, path: "budget")
        try reader.rejectUnknown(allowed: ["k", "fraction"])
        switch (reader.value("k"), reader.value("fraction")) {
        case (.some, .some):
            throw APIError.invalid("give either budget.k or budget.fraction, not both", param: "budget", code: "invalid_budget")
        case (.some, nil):
            guard let k = try reader.int("k") else { break }
            return .count(k)
        case (nil, .some):
            guard let fraction = try reader.double("fraction") else { break }
            return .fraction(fraction)
        case (nil, nil):
            break
        }
        throw APIError.invalid("budget needs k or fraction", param: "budget", code: "invalid_budget")
    }

    static func parseTargets(_ reader: JSONObjectReader?) throws(APIError) -> SelectionTargets {
        guard let reader else { return .none }
        if reader.has("vectors") {
            try reader.rejectUnknown(allowed: ["vectors"])
            if let block = reader.floatBlock("vectors") { return .vectors(try inlineMatrix(block, path: "targets.vectors")) }
            guard let rows = try reader.array("vectors") else {
                throw APIError.invalid("targets.vectors must be an array of rows", param: "targets.vectors")
            }
            return .vectors(try inlineMatrix(rows, path: "targets.vectors"))
        }
        if reader.has("checkpoints") {
            try reader.rejectUnknown(allowed: ["checkpoints"])
            guard let checkpoints = try reader.object("checkpoints"), !checkpoints.members.isEmpty else {
                throw APIError.invalid("targets.checkpoints must map at least one label to rows", param: "targets.checkpoints")
            }
            var out: [SelectionTargets.LabeledMatrix] = []
            for member in checkpoints.members {
                let path = checkpoints.fieldPath(member.key)
                if let block = checkpoints.floatBlock(member.key) {
                    out.append(SelectionTargets.LabeledMatrix(label: member.key, matrix: try inlineMatrix(block, path: path)))
                    continue
                }
                guard case let .array(rows) = member.value else { throw APIError.invalid("\(path) must be an array of rows", param: path) }
                out.append(SelectionTargets.LabeledMatrix(label: member.key, matrix: try inlineMatrix(rows, path: path)))
            }
            return .checkpoints(out)
        }
        let (pool, feature) = try featureReference(reader)
        return .stored(pool: pool, feature: feature)
    }

    /// Rows the parser already decoded (one length, finite float32), at most `maxInlineRows`.
    static func inlineMatrix(_ block: JSONFloatBlock, path: String) throws(APIError) -> Matrix {
        try requireInlineRowCount(block.rows, path: path)
        guard !block.skipped else { throw JSONObjectReader.tooWide(path, values: block.cols) }
        return Matrix(rows: block.rows, cols: block.cols, values: block.values)
    }

    private static func requireInlineRowCount(_ rows: Int, path: String) throws(APIError) {
        guard rows > 0 else { throw APIError.invalid("\(path) needs at least one row", param: path, code: "empty_input") }
        guard rows <= SelectionTargets.maxInlineRows else {
            throw APIError.invalid("\(path) has \(rows) rows; at most \(SelectionTargets.maxInlineRows) inline rows are accepted (store larger targets as a pool feature)", param: path)
        }
    }

    /// Rows of one length, finite float32, 1 to `maxInlineRows` of them.
    static func inlineMatrix(_ rows: [JSONValue], path: String) throws(APIError) -> Matrix {
        try requireInlineRowCount(rows.count, path: path)
        var values: [Float] = []
        var cols = 0
        for (i, row) in rows.enumerated() {
            let rowPath = "\(path)[\(i)]"
            guard case let .array(entries) = row else { throw APIError.invalid("\(rowPath) must be an array of numbers", param: rowPath) }
            let floats = try JSONObjectReader.floatRow(entries, path: rowPath)
            if i == 0 {
                guard !floats.isEmpty else { throw APIError.invalid("\(rowPath) is empty", param: rowPath, code: "shape_mismatch") }
                cols = floats.count
                values.reserveCapacity(rows.count * cols)
            }
            guard floats.count == cols else {
                throw APIError.invalid("\(rowPath) has \(floats.count) values, row 0 has \(cols)", param: rowPath, code: "shape_mismatch")
            }
            values.append(contentsOf: floats)
        }
        return Matrix(rows: rows.count, cols: cols, values: values)
    }
}
