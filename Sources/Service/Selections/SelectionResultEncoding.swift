import JSON
import Selection
import Storage

/// A job's result rows in the three formats of `GET /v1/jobs/{id}/result`.
enum SelectionResultEncoding {
    static let csvHeader = "rank,id,index,score,weight\n"

    /// A `selected` entry: `weight` only for TAROT, `picked_by` only for round_robin, `round` only
    /// for facility_location.
    static func json(_ row: JobResultRow) -> JSONValue { .object(members(row)) }

    private static func members(_ row: JobResultRow) -> [JSONValue.Member] {
        var members: [JSONValue.Member] = [
            JSONValue.Member("rank", .int(row.rank)), JSONValue.Member("id", .string(row.itemID)),
            JSONValue.Member("index", .int(row.itemIndex)), JSONValue.Member("score", row.score.map(JSONValue.double) ?? .null),
        ]
        if let weight = row.weight { members.append(JSONValue.Member("weight", .double(weight))) }
        if let pickedBy = row.pickedBy { members.append(JSONValue.Member("picked_by", .int(pickedBy))) }
        if let round = row.round { members.append(JSONValue.Member("round", .int(round))) }
        return members
    }

    /// A row of `include=items`: the selection's figures, then the item's content as it is now;
    /// an item deleted since the job ran has every content field null (a live item's metadata is
    /// at least `{}`).
    static func json(_ row: JobResultItemRow) -> JSONValue {
        let content = row.content
        return .object(members(row.result) + [
            JSONValue.Member("question", ResourceJSON.optional(content?.question)),
            JSONValue.Member("answer", ResourceJSON.optional(content?.answer)),
            JSONValue.Member("text", ResourceJSON.optional(content?.text)),
            JSONValue.Member("metadata", content.map { ResourceJSON.itemMetadata($0.metadata) } ?? .null),
        ])
    }

    static func appendNDJSON(_ row: JobResultRow, into out: inout [UInt8]) {
        appendLine(json(row), into: &out)
    }

    static func appendNDJSON(_ row: JobResultItemRow, into out: inout [UInt8]) {
        appendLine(json(row), into: &out)
    }

    private static func appendLine(_ value: JSONValue, into out: inout [UInt8]) {
        JSONWriter.write(value, into: &out)
        out.append(UInt8(ascii: "\n"))
    }

    /// RFC 4180 row; null cells empty; numbers as the JSON writer spells them.
    static func appendCSV(_ row: JobResultRow, into out: inout [UInt8]) {
        out.append(contentsOf: "\(row.rank),".utf8)
        appendCSVField(row.itemID, into: &out)
        out.append(contentsOf: ",\(row.itemIndex),".utf8)
        if let score = row.score, score.isFinite { JSONWriter.writeDouble(score, into: &out) }
        out.append(UInt8(ascii: ","))
        if let weight = row.weight, weight.isFinite { JSONWriter.writeDouble(weight, into: &out) }
        out.append(UInt8(ascii: "\n"))
    }

    static func appendCSVField(_ field: String, into out: inout [UInt8]) {
        let needsQuotes = field.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
        guard needsQuotes else { return out.append(contentsOf: field.utf8) }
        out.append(UInt8(ascii: "\""))
        for byte in field.utf8 {
            if byte == UInt8(ascii: "\"") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }
}
