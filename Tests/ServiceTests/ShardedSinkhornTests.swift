import Foundation
import JSON
import LinearAlgebra
@testable import Service
import Testing
import TestSupport

/// uot's Sinkhorn rounds over block processes (`EngineSinkhorn`, `EngineSinkhornBlock`, the
/// driver's part in process) give the local job's CSV byte for byte when the kernel is spread
/// over several blocks: 40,000 candidates are three row blocks of 16,384 (the last shorter),
/// cut into one, two or three block ranges that span several shards of 4,096 rows, with rows
/// repeated across shards and across row blocks; at each of the three stops, and with a block
/// process replaced by a fresh one in the middle of the rounds and before the masses; `quality`
/// too, from the blocks' S (no tile map step runs).
@Suite struct ShardedSinkhornTests {
    static let n = 40_000
    static let d = 8
    static let m = 4

    func populate(_ h: ServiceHarness) throws {
        try SelectionTestData.createPool(h, "cands", items: Self.n)
        try SelectionTestData.createPool(h, "tgts", items: Self.m)
        for (label, weight, seed) in [("early", 1.0, UInt64(31)), ("late", 3.0, UInt64(32))] {
            var c = SelectionTestData.matrix(rows: Self.n, cols: Self.d, seed: seed)
            for (copy, of) in [(20_000, 5), (33_000, 16_390), (16_384, 16_383), (39_999, 0), (5000, 4999)] {
                for k in 0..<Self.d { c.values[copy * Self.d + k] = c.values[of * Self.d + k] }
            }
            let t = SelectionTestData.matrix(rows: Self.m, cols: Self.d, seed: seed + 100)
            try SelectionTestData.writeFeature(h, pool: "cands", feature: "emb", label: label, weight: weight, c)
            try SelectionTestData.writeFeature(h, pool: "tgts", feature: "emb", label: label, weight: weight, t)
        }
    }

    static let stops: [(String, JSONValue)] = [
        ("converged", .object([:])),
        ("max_iter", .object(["max_iter": .int(4), "tol": .double(1e-300)])),
        ("numeric_guard", .object(["eps": .double(1e-4)])),
    ]

    @Test(arguments: stops)
    func blockProcesses_GiveTheLocalJobsCSV_ForAnySplitAndARestartedBlock(stop: (String, JSONValue)) throws {
        let h = try ServiceHarness.make()
        try populate(h)
        let body = SelectionTestData.body(method: "uot", budget: .object(["k": .int(500)]), params: stop.1)
        let id = try SelectionTestData.submit(h, body)
        #expect(try SelectionTestData.waitFinished(h.client, id)["status"]?.stringValue == "succeeded")
        let local = try h.client.request("GET", "/v1/jobs/\(id)/result?format=csv").body
        let diagnostics = try h.client.json("GET", "/v1/jobs/\(id)/result?limit=1").json()["diagnostics"]
        #expect(diagnostics?["stop"]?.stringValue == stop.0)
        #expect(diagnostics?["quality"]?["coverage"]?.doubleValue != nil)
        let job = try EngineJob.prepare(
            requestBody: JSONWriter.encode(body), database: h.service.database,
            exporter: ShardExporter(store: h.directory.appendingPathComponent("store"), shardBytes: 4096 * Self.d * 4),
            directory: h.directory.appendingPathComponent("job"))
        #expect(job.checkpoints.map(\.shardCount) == [10, 10])
        // No tile map steps: the blocks build S from the shards.
        let maps = h.directory.appendingPathComponent("maps")
        for (blocks, restart) in [(1, nil), (2, (request: 3, block: 1)), (3, (request: 2, block: 2)), (3, (request: -1, block: 0))] {
            var exchange = InProcessSinkhornExchange(job: job, workers: 2, restart: restart)
            // -1: the next to last request, the masses.
            if restart?.request == -1 { exchange.restart = (request: try requestCount(job, maps: maps) - 1, block: 0) }
            try EngineSinkhorn.run(job, maps: maps, blocks: blocks, exchange: &exchange)
            #expect(exchange.planned.count == blocks)
            #expect(try EngineReduce.csv(job, maps: maps, workers: 2) == local, "\(blocks) blocks, restart \(String(describing: restart))")
            #expect(try EngineReduce.outcome(job, maps: maps).result.diagnostic("quality") == diagnostics?["quality"])
        }
    }

    /// The requests (rounds, masses, quality) of a run.
    func requestCount(_ job: EngineJob, maps: URL) throws -> Int {
        var exchange = InProcessSinkhornExchange(job: job)
        try EngineSinkhorn.run(job, maps: maps, blocks: 3, exchange: &exchange)
        return exchange.requests
    }
}
