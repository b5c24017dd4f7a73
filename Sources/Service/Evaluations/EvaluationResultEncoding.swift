import JSON
import Selection
import Storage

/// An evaluation's result in the three formats of `GET /v1/jobs/{id}/result`: json (the summary
/// and a page of queries, each with its arms' rows) and one row per (query, arm) pair in ndjson
/// and csv, query-major.
enum EvaluationResultEncoding {
    static let csvHeader = "query_index,query_id,arm,status,correct,value,gold,exemplar_ids,latency_ms,prompt_tokens,completion_tokens,cache,error,answer\n"

    /// The json body: the stored summary, then `queries` from `offset` with their pairs.
    static func json(job: JobRecord, armNames: [String], page: [EvaluationQueryRow], pairs: [EvaluationPairRow], query: ResultQuery,
                     total: Int) -> JSONValue {
        let diagnostics = ResourceJSON.storedJSON(job.diagnostics)
        let request = ResourceJSON.storedJSON(job.request)
        var byQuery: [Int: [EvaluationPairRow]] = [:]
        for p in pairs { byQuery[p.queryIndex, default: []].append(p) }
        var rows: [JSONValue] = []
        for q in page {
            let arms: [JSONValue] = (byQuery[q.queryIndex] ?? []).map { p in JSONValue.object(pairMembers(p, armNames: armNames)) }
            let members: [JSONValue.Member] = [
                .init("index", .int(q.queryIndex)), .init("id", .string(q.extID)), .init("question", .string(q.question)),
                .init("gold", .string(q.gold)), .init("arms", .array(arms)),
            ]
            rows.append(.object(members))
        }
        let members: [JSONValue.Member] = [
            .init("object", .string("evaluation")),
            .init("scorer", request["scorer"] ?? .null),
            .init("arms", diagnostics["arms"] ?? .array([])),
            .init("comparisons", diagnostics["comparisons"] ?? .array([])),
            .init("queries", .array(rows)),
            .init("diagnostics", diagnostics["run"] ?? .object([])),
            .init("offset", .int(query.offset)), .init("limit", .int(query.limit)), .init("total", .int(total)),
        ]
        return .object(members)
    }

    /// A pair's own fields (the json result nests them under their query).
    static func pairMembers(_ p: EvaluationPairRow, armNames: [String]) -> [JSONValue.Member] {
        [
            .init("arm", .string(armNames.indices.contains(p.armIndex) ? armNames[p.armIndex] : "\(p.armIndex)")),
            .init("status", .string(p.isError ? "error" : "ok")),
            .init("exemplar_ids", ResourceJSON.storedJSON(p.exemplarIDs)),
            .init("answer", ResourceJSON.optional(p.answer)),
            .init("value", ResourceJSON.optional(p.value)),
            .init("correct", p.correct.map(JSONValue.bool) ?? .null),
            .init("latency_ms", p.latencyMs.map(JSONValue.double) ?? .null),
            .init("prompt_tokens", p.promptTokens.map(JSONValue.int) ?? .null),
            .init("completion_tokens", p.completionTokens.map(JSONValue.int) ?? .null),
            .init("cache", ResourceJSON.optional(p.cache)),
            .init("error", p.error.map { ResourceJSON.storedJSON($0) } ?? .null),
        ]
    }

    /// An ndjson line: the query's index, id and gold, then the pair.
    static func appendNDJSON(_ p: EvaluationPairRow, query: EvaluationQueryRow, armNames: [String], into out: inout [UInt8]) {
        let members: [JSONValue.Member] = [
            .init("query_index", .int(p.queryIndex)), .init("query_id", .string(query.extID)), .init("gold", .string(query.gold)),
        ] + pairMembers(p, armNames: armNames)
        JSONWriter.write(.object(members), into: &out)
        out.append(UInt8(ascii: "\n"))
    }

    /// An RFC 4180 row in `csvHeader` order; null cells empty, `error` as its message.
    static func appendCSV(_ p: EvaluationPairRow, query: EvaluationQueryRow, armNames: [String], into out: inout [UInt8]) {
        let error = p.error.flatMap { ResourceJSON.storedJSON($0)["message"]?.stringValue }
        let cells: [String?] = [
            "\(p.queryIndex)", query.extID, armNames.indices.contains(p.armIndex) ? armNames[p.armIndex] : "\(p.armIndex)",
            p.isError ? "error" : "ok", p.correct.map { $0 ? "true" : "false" }, p.value, query.gold, p.exemplarIDs,
            p.latencyMs.map { JSONWriter.text(.double($0)) }, p.promptTokens.map(String.init), p.completionTokens.map(String.init),
            p.cache, error, p.answer,
        ]
        for (n, cell) in cells.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            if let cell { SelectionResultEncoding.appendCSVField(cell, into: &out) }
        }
        out.append(UInt8(ascii: "\n"))
    }
}
