import Foundation
import JSON
import Selection
@testable import Service
import Storage
import Testing

/// `GET /v1/jobs/{id}/result` in json (paginated), ndjson and csv (streamed).
@Suite struct JobResultFormatTests {
    /// Items whose ids need CSV quoting; round_robin k = 25 over 40 candidates.
    static func finishedJob() throws -> (ServiceHarness, String, [JSONValue]) {
        let h = try ServiceHarness.make { $0.blockRows = 6 }
        #expect(try h.client.json("POST", "/v1/pools", .object(["name": .string("cands")])).status == 201)
        let items = JSONValue.array((0..<40).map { .object(["id": .string(#"id,"\#($0)""#), "text": .string("t")]) })
        #expect(try h.client.json("POST", "/v1/pools/cands/items", .object(["items": items])).status == 200)
        try SelectionTestData.writeFeature(h, pool: "cands", feature: "emb", SelectionTestData.matrix(rows: 40, cols: 5, seed: 1))
        let targets = SelectionTestData.inlineRows(SelectionTestData.matrix(rows: 3, cols: 5, seed: 2))
        let id = try SelectionTestData.submit(h, SelectionTestData.body(
            method: "round_robin", targets: .object(["vectors": targets]), budget: .object(["k": .int(25)])))
        #expect(try SelectionTestData.waitFinished(h.client, id)["status"]?.stringValue == "succeeded")
        return (h, id, try SelectionTestData.selected(h.client, id))
    }

    @Test func json_IsPaginatedByOffsetAndLimit_WithDiagnosticsOnEveryPage() throws {
        let (h, id, all) = try Self.finishedJob()
        #expect(all.count == 25)
        #expect(all.allSatisfy { $0["picked_by"]?.intValue != nil && $0["weight"] == nil })
        let page = try h.client.json("GET", "/v1/jobs/\(id)/result?offset=10&limit=7").json()
        #expect(page["selected"]?.arrayValue == Array(all[10..<17]))
        #expect(page["offset"]?.intValue == 10)
        #expect(page["limit"]?.intValue == 7)
        #expect(page["total"]?.intValue == 25)
        #expect(page["diagnostics"] != nil)
        let past = try h.client.json("GET", "/v1/jobs/\(id)/result?offset=100").json()
        #expect(past["selected"]?.arrayValue == [])
        let defaults = try h.client.json("GET", "/v1/jobs/\(id)/result").json()
        #expect(defaults["limit"]?.intValue == 1000)
        #expect(defaults["offset"]?.intValue == 0)
    }

    @Test func ndjson_StreamsEveryRow_AsTheJsonRows() throws {
        let (h, id, all) = try Self.finishedJob()
        let r = try h.client.request("GET", "/v1/jobs/\(id)/result?format=ndjson")
        #expect(r.status == 200)
        #expect(r.header("Content-Type") == "application/x-ndjson")
        #expect(r.header("Transfer-Encoding")?.lowercased() == "chunked")
        let lines = r.text.split(separator: "\n").map { try? JSONParser.parse(Array($0.utf8)) }
        #expect(lines == all.map { Optional($0) })
        let paged = try h.client.request("GET", "/v1/jobs/\(id)/result?format=ndjson&offset=20")
        #expect(paged.text.split(separator: "\n").count == 5)
    }

    @Test func csv_HasTheHeader_AndQuotesIds() throws {
        let (h, id, all) = try Self.finishedJob()
        let r = try h.client.request("GET", "/v1/jobs/\(id)/result?format=csv")
        #expect(r.status == 200)
        #expect(r.header("Content-Type")?.hasPrefix("text/csv") == true)
        let lines = r.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "rank,id,index,score,weight")
        #expect(lines.count == all.count + 2 && lines.last == "")
        for (line, row) in zip(lines.dropFirst(), all) {
            let rank = row["rank"]?.intValue ?? 0
            let index = row["index"]?.intValue ?? 0
            let score = try #require(row["score"]?.doubleValue)
            #expect(line == #"\#(rank),"id,""\#(index)""",\#(index),\#(score),"#)
        }
        let limited = try h.client.request("GET", "/v1/jobs/\(id)/result?format=csv&limit=3")
        #expect(limited.text.split(separator: "\n").count == 4)
    }

    @Test func badQuery_Is400NamingIt() throws {
        let (h, id, _) = try Self.finishedJob()
        for (query, param) in [("format=xml", "format"), ("limit=0", "limit"), ("limit=100001", "limit"), ("offset=-1", "offset"), ("limit=ten", "limit")] {
            let r = try h.client.json("GET", "/v1/jobs/\(id)/result?\(query)")
            #expect(r.status == 400, "\(query)")
            #expect(r.errorParam == param, "\(query)")
        }
        #expect(try h.client.json("GET", "/v1/jobs/\(id)/result?limit=100000").status == 200)
    }

    @Test func embedJob_HasNoResult_404() throws {
        let h = try ServiceHarness.make()
        try h.service.database.write { db in _ = try db.insertJob(id: "embed-1", kind: .embed, request: "{}") }
        let r = try h.client.json("GET", "/v1/jobs/embed-1/result")
        #expect(r.status == 404)
        #expect(try h.client.json("GET", "/v1/jobs/embed-1").json()["kind"]?.stringValue == "embed")
    }

    @Test func rerunJob_StoresItsResultsAgain_ReplacingThoseOfTheEarlierRun() throws {
        let h = try ServiceHarness.make()
        try SelectionTestData.pool(h, "cands", n: 30, d: 4, seed: 1)
        let other = try SelectionTestData.submit(h, SelectionTestData.body(method: "random", targets: nil, budget: .object(["k": .int(5)])))
        #expect(try SelectionTestData.waitFinished(h.client, other)["status"]?.stringValue == "succeeded")
        let record = try #require(try h.service.database.read { db in try db.job(id: other) })
        let executor = SelectionJobExecutor(database: h.service.database, blockRows: 7, resultBatchRows: 2)
        // Running the same job twice (as after a crash during storing) must not collide on ranks.
        _ = try executor.run(JobContext(job: record))
        _ = try executor.run(JobContext(job: record))
        let rows = try h.service.database.read { db in try db.jobResults(jobID: other, offset: 0, limit: 100) }
        #expect(rows.map(\.rank) == [1, 2, 3, 4, 5])
        try h.service.database.write { db in try db.deleteJobResults(jobID: other) }
        #expect(try h.service.database.read { db in try db.jobResultCount(jobID: other) } == 0)
    }
}
