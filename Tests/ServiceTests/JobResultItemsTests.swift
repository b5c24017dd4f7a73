import Foundation
import JSON
import Selection
@testable import Service
import Storage
import Testing

/// `GET /v1/jobs/{id}/result?include=items`: the selected rows joined with their items' content.
@Suite struct JobResultItemsTests {
    /// 30 items: every third has only text and no metadata, the others a question, an answer and
    /// metadata; random k = 12 picks from all of them.
    static func finishedJob() throws -> (ServiceHarness, String) {
        let h = try ServiceHarness.make()
        #expect(try h.client.json("POST", "/v1/pools", .object(["name": .string("cands")])).status == 201)
        let items = JSONValue.array((0..<30).map { i in
            i % 3 == 0
                ? .object(["id": .string("q\(i)"), "text": .string("text, \"\(i)\"\n")])
                : .object(["id": .string("q\(i)"), "question": .string("question \(i)?"), "answer": .string("answer \(i)"),
                           "metadata": .object(["split": .string("train"), "level": .int(i % 5), "hard": .bool(i % 2 == 0)])])
        })
        #expect(try h.client.json("POST", "/v1/pools/cands/items", .object(["items": items])).status == 200)
        try SelectionTestData.writeFeature(h, pool: "cands", feature: "emb", SelectionTestData.matrix(rows: 30, cols: 4, seed: 3))
        let id = try SelectionTestData.submit(h, SelectionTestData.body(method: "random", targets: nil, budget: .object(["k": .int(12)])))
        #expect(try SelectionTestData.waitFinished(h.client, id)["status"]?.stringValue == "succeeded")
        return (h, id)
    }

    /// The expected rows, joined by hand: each plain result row followed by its item's four
    /// content fields as `GET /v1/pools/cands/items` shows them.
    static func joinedByHand(_ h: ServiceHarness, _ id: String) throws -> [JSONValue] {
        let items = try h.client.json("GET", "/v1/pools/cands/items?limit=1000").json()["data"]?.arrayValue ?? []
        let byID = Dictionary(uniqueKeysWithValues: items.map { ($0["id"]?.stringValue ?? "", $0) })
        return try SelectionTestData.selected(h.client, id).map { row in
            guard case let .object(members) = row else { return row }
            let item = byID[row["id"]?.stringValue ?? ""]
            return .object(members + ["question", "answer", "text", "metadata"].map { JSONValue.Member($0, item?[$0] ?? .null) })
        }
    }

    static func lines(_ text: String) -> [JSONValue?] {
        text.split(separator: "\n").map { try? JSONParser.parse(Array($0.utf8)) }
    }

    @Test func jsonl_StreamsTheSelectedItems_InRankOrder_AsJoinedByHand() throws {
        let (h, id) = try Self.finishedJob()
        let expected = try Self.joinedByHand(h, id)
        #expect(expected.count == 12)
        #expect(expected.compactMap { $0["rank"]?.intValue } == Array(1...12))
        let r = try h.client.request("GET", "/v1/jobs/\(id)/result?format=jsonl&include=items")
        #expect(r.status == 200)
        #expect(r.header("Content-Type") == "application/x-ndjson")
        #expect(r.header("Transfer-Encoding")?.lowercased() == "chunked")
        #expect(Self.lines(r.text) == expected.map { Optional($0) })
        let ndjson = try h.client.request("GET", "/v1/jobs/\(id)/result?format=ndjson&include=items")
        #expect(ndjson.body == r.body)
    }

    @Test func itemsWithoutMetadata_ShowAnEmptyObject_AndAbsentFieldsAsNull() throws {
        let (h, id) = try Self.finishedJob()
        let r = try h.client.request("GET", "/v1/jobs/\(id)/result?format=jsonl&include=items")
        let rows = Self.lines(r.text).compactMap { $0 }
        let textOnly = rows.filter { $0["text"] != .null }
        let withQuestion = rows.filter { $0["question"] != .null }
        #expect(!textOnly.isEmpty && !withQuestion.isEmpty)
        #expect(textOnly.allSatisfy { $0["metadata"] == .object([]) && $0["question"] == .null && $0["answer"] == .null })
        #expect(withQuestion.allSatisfy { $0["metadata"]?["split"]?.stringValue == "train" && $0["text"] == .null })
    }

    @Test func json_PagesCarryTheItems_ByOffsetAndLimit() throws {
        let (h, id) = try Self.finishedJob()
        let expected = try Self.joinedByHand(h, id)
        let page = try h.client.json("GET", "/v1/jobs/\(id)/result?include=items&offset=4&limit=5").json()
        #expect(page["selected"]?.arrayValue == Array(expected[4..<9]))
        #expect(page["total"]?.intValue == 12)
        let lines = try h.client.request("GET", "/v1/jobs/\(id)/result?format=jsonl&include=items&offset=10")
        #expect(Self.lines(lines.text) == expected[10...].map { Optional($0) })
    }

    @Test func contentIsReadAtExport_EditedItemsShowTheirNewFields_DeletedOnesNulls() throws {
        let (h, id) = try Self.finishedJob()
        let rows = try SelectionTestData.selected(h.client, id)
        let edited = try #require(rows[0]["id"]?.stringValue)
        let deleted = try #require(rows[1]["id"]?.stringValue)
        let edit = JSONValue.object(["items": .array([.object(["id": .string(edited), "question": .string("new?")])])])
        #expect(try h.client.json("POST", "/v1/pools/cands/items", edit).status == 200)
        #expect(try h.client.request("DELETE", "/v1/pools/cands/items/\(deleted)").status == 204)
        let out = Self.lines(try h.client.request("GET", "/v1/jobs/\(id)/result?format=jsonl&include=items").text).compactMap { $0 }
        #expect(out.count == 12)
        #expect(out[0]["question"]?.stringValue == "new?")
        #expect(out[1]["id"]?.stringValue == deleted)
        #expect(["question", "answer", "text", "metadata"].allSatisfy { out[1][$0] == .null })
    }

    @Test func badInclude_Or_IncludeWithCsv_Is400NamingInclude() throws {
        let (h, id) = try Self.finishedJob()
        for query in ["include=item", "include=", "format=csv&include=items"] {
            let r = try h.client.json("GET", "/v1/jobs/\(id)/result?\(query)")
            #expect(r.status == 400, "\(query)")
            #expect(r.errorParam == "include", "\(query)")
        }
    }

    @Test func deletedCandidatePool_Is409NamingInclude_ThePlainResultStaysAvailable() throws {
        let (h, id) = try Self.finishedJob()
        #expect(try h.client.request("DELETE", "/v1/pools/cands").status == 204)
        for query in ["format=jsonl&include=items", "include=items"] {
            let r = try h.client.json("GET", "/v1/jobs/\(id)/result?\(query)")
            #expect(r.status == 409, "\(query)")
            #expect(r.errorParam == "include", "\(query)")
        }
        #expect(try h.client.json("GET", "/v1/jobs/\(id)/result?format=jsonl").status == 200)
    }
}
