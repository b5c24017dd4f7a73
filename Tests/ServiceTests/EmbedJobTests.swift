import Foundation
import JSON
import Providers
import Selection
import Storage
import Testing
@testable import Service

typealias JSONValue = JSON.JSONValue

/// `POST /v1/pools/{pool}/features/{name}/embed` and the embed job, end to end with the built-in
/// hashing embedder (job records are read from Storage: the job routes live on another branch).
@Suite struct EmbedJobTests {
    static func startJob(_ h: ServiceHarness, feature: String = "embedding", body: JSONValue? = nil) throws -> String {
        let r = try h.client.json("POST", "/v1/pools/p/features/\(feature)/embed", body)
        #expect(r.status == 202, "\(r.text)")
        let id = try #require(try r.json()["id"]?.stringValue)
        #expect(r.header("Location") == "/v1/jobs/\(id)")
        #expect(try r.json()["kind"] == .string("embed"))
        return id
    }

    @Test func embedJob_FillsTheFeature_WithHashingVectors_OfTheDefaultTemplate() throws {
        let h = try ServiceHarness.make()
        let items = ExemplarPoolSeeder.items(150)
        try ExemplarPoolSeeder.seed(h, items: items)
        let job = try #require(try ExemplarPoolSeeder.waitForJob(h, try Self.startJob(h)))
        #expect(job.status == .succeeded, "\(job.error ?? "")")
        #expect(job.progressDone == 150 && job.progressTotal == 150)
        let m = try ExemplarPoolSeeder.matrix(h)
        #expect(m.rows == 150 && m.dim == 1024)
        for i in [0, 63, 64, 149] {
            #expect(Array(m.values[(i * 1024)..<((i + 1) * 1024)]) == HashingEmbedder.vector("question \(i)\nanswer \(i)"))
        }
        let feature = try h.service.database.read { db in try db.feature(poolID: try db.requirePool(named: "p").id, name: "embedding") }
        #expect(feature?.embedder == "hashing-1024" && feature?.model == nil)
        let viaRoute = try h.client.request("GET", "/v1/jobs/\(job.id)").json()
        #expect(viaRoute["kind"] == .string("embed") && viaRoute["status"] == .string("succeeded"))
        #expect(viaRoute["request"]?["template"] == .string("{question}\n{answer}"))
    }

    @Test func embedJob_RendersTheGivenTemplate() throws {
        let h = try ServiceHarness.make()
        try ExemplarPoolSeeder.seed(h, items: [ItemInput(extID: "a", text: "Natalia sold 48 clips"), ItemInput(extID: "b", question: "x")])
        let id = try Self.startJob(h, body: .object(["template": .string("{text}{{}}")]))
        #expect(try ExemplarPoolSeeder.waitForJob(h, id)?.status == .succeeded)
        let m = try ExemplarPoolSeeder.matrix(h)
        #expect(Array(m.values[0..<1024]) == HashingEmbedder.vector("Natalia sold 48 clips{}"))
        #expect(Array(m.values[1024..<2048]) == HashingEmbedder.vector("{}"))
    }

    @Test func embedJob_KeepsRowsAlreadyThere_AndEmbedsOnlyTheMissingItems() throws {
        let h = try ServiceHarness.make()
        try ExemplarPoolSeeder.seed(h, items: ExemplarPoolSeeder.items(3))
        // A row left by an earlier, interrupted run of the same embedder: a marker vector.
        var marker = [Float](repeating: 0, count: 1024)
        marker[5] = 1
        try ExemplarPoolSeeder.seed(h, items: [], vectors: [marker], embedder: "hashing-1024")
        let job = try #require(try ExemplarPoolSeeder.waitForJob(h, try Self.startJob(h)))
        #expect(job.status == .succeeded && job.progressTotal == 2)
        let m = try ExemplarPoolSeeder.matrix(h)
        #expect(Array(m.values[0..<1024]) == marker)
        #expect(Array(m.values[1024..<2048]) == HashingEmbedder.vector("question 1\nanswer 1"))
    }

    @Test func embedJob_ThenExemplars_RetrievesAnItemByItsOwnText_WithASingleQueryWarning() throws {
        let h = try ServiceHarness.make()
        try ExemplarPoolSeeder.seed(h, items: (0..<40).map { ItemInput(extID: "e\($0)", question: "how many \($0) apples", answer: "count \($0 * 7)") })
        #expect(try ExemplarPoolSeeder.waitForJob(h, try Self.startJob(h))?.status == .succeeded)
        let r = try h.client.json("POST", "/v1/exemplars", .object([
            "pool": .string("p"), "question": .string("how many 17 apples\ncount 119"), "method": .string("knn"), "k": .int(3),
        ]))
        #expect(r.status == 200, "\(r.text)")
        let json = try r.json()
        #expect(json["exemplars"]?.arrayValue?.first?["id"] == .string("e17"))
        #expect(json["cot"] == .null && json["cache"]?["embedding"] == .string("none"))
        #expect(json["warnings"]?.arrayValue?.contains { $0.stringValue?.contains("no LLM") == true } == true)
    }

    @Test(arguments: [
        ("{question}\n{solution}", "template"), ("{question", "template"), ("oops}", "template"),
    ])
    func badTemplate_Is400NamingTemplate_AndQueuesNoJob(_ template: String, _ param: String) throws {
        let h = try ServiceHarness.make()
        try ExemplarPoolSeeder.seed(h, items: ExemplarPoolSeeder.items(2))
        let r = try h.client.json("POST", "/v1/pools/p/features/embedding/embed", .object(["template": .string(template)]))
        #expect(r.status == 400 && r.errorParam == param)
        #expect(try h.service.database.read { db in try db.listJobs(limit: 10).items.count } == 0)
    }

    @Test func badEmbedRequests_AreRejected_AndQueueNoJob() throws {
        let h = try ServiceHarness.make()
        try ExemplarPoolSeeder.seed(h, items: ExemplarPoolSeeder.items(2), feature: "uploaded", vectors: [[1, 0], [0, 1]])
        let unknownPool = try h.client.json("POST", "/v1/pools/nope/features/embedding/embed", .object([:]))
        #expect(unknownPool.status == 404 && unknownPool.errorParam == "pool")
        let unknownField = try h.client.json("POST", "/v1/pools/p/features/embedding/embed", .object(["model": .string("x")]))
        #expect(unknownField.status == 400 && unknownField.errorParam == "model")
        let badName = try h.client.json("POST", "/v1/pools/p/features/a%20b/embed", .object([:]))
        #expect(badName.status == 400 || badName.status == 404)
        let uploaded = try h.client.json("POST", "/v1/pools/p/features/uploaded/embed", .object([:]))
        #expect(uploaded.status == 409 && uploaded.errorParam == "name")
        #expect(try h.service.database.read { db in try db.listJobs(limit: 10).items.count } == 0)
        #expect(try ExemplarPoolSeeder.rowCount(h, feature: "uploaded") == 2)
    }

    @Test func embedJob_OfAPoolDeletedBeforeItStarts_FailsNotFound() throws {
        let h = try ServiceHarness.make()
        let job = try h.service.database.write { db in
            try db.insertJob(id: "j1", kind: .embed, request: #"{"pool":"gone","feature":"embedding","template":"{text}"}"#)
        }
        let executor = EmbedJobExecutor(database: h.service.database, embedder: HashingEmbedder(), cache: h.service.poolMatrixCache)
        #expect(throws: StorageError.notFound("pool 'gone'")) { try executor.run(JobContext(job: job)) }
    }

    @Test func embedJob_OverTwelveThousandItems_EmbedsEveryOne() throws {
        let h = try ServiceHarness.make()
        try ExemplarPoolSeeder.seed(h, items: (0..<12_000).map { ItemInput(extID: "i\($0)", text: "item number \($0)") })
        let id = try Self.startJob(h, body: .object(["template": .string("{text}")]))
        let job = try #require(try ExemplarPoolSeeder.waitForJob(h, id, seconds: 120))
        #expect(job.status == .succeeded, "\(job.error ?? "")")
        #expect(try ExemplarPoolSeeder.rowCount(h) == 12_000)
        let r = try h.client.json("POST", "/v1/exemplars", .object([
            "pool": .string("p"), "question": .string("item number 11345"), "method": .string("knn"), "k": .int(1),
        ]))
        #expect(try r.json()["exemplars"]?.arrayValue?.first?["id"] == .string("i11345"), "\(r.text)")
    }
}
