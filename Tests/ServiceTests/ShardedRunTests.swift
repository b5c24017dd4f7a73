import Foundation
import JSON
import LinearAlgebra
@testable import Service
import Testing
import TestSupport

/// A sharded run (export, one map step per shard, the reduce) gives the local job's result byte
/// for byte, in process and through `ray/driver.py --local` calling the binary.
@Suite struct ShardedRunTests {
    /// Five shards of one 1,024-row tile each, the last of 404 rows.
    static let n = 4500
    static let d = 12
    static let m = 6
    static let shardBytes = 1024 * d * 4

    /// Candidates with two checkpoints of different weights, rows repeated across shards (the
    /// reduce resolves repeats whose first occurrence is in an earlier shard) and targets that
    /// equal candidates (exact ties).
    func populate(_ h: ServiceHarness) throws {
        try SelectionTestData.createPool(h, "cands", items: Self.n)
        try SelectionTestData.createPool(h, "tgts", items: Self.m)
        for (label, weight, seed) in [("early", 1.0, UInt64(11)), ("late", 2.0, UInt64(12))] {
            var c = SelectionTestData.matrix(rows: Self.n, cols: Self.d, seed: seed)
            for (copy, of) in [(3100, 7), (2048, 1030), (4499, 0), (1100, 7)] {
                for k in 0..<Self.d { c.values[copy * Self.d + k] = c.values[of * Self.d + k] }
            }
            var t = SelectionTestData.matrix(rows: Self.m, cols: Self.d, seed: seed + 100)
            for k in 0..<Self.d { t.values[k] = c.values[2500 * Self.d + k] }
            try SelectionTestData.writeFeature(h, pool: "cands", feature: "emb", label: label, weight: weight, c)
            try SelectionTestData.writeFeature(h, pool: "tgts", feature: "emb", label: label, weight: weight, t)
        }
    }

    /// Pool `same`: six equal targets (one row per checkpoint); a round_robin body of `k` on them.
    func populateEqualTargets(_ h: ServiceHarness, k: Int) throws -> JSONValue {
        try SelectionTestData.createPool(h, "same", items: Self.m)
        for (label, weight, seed) in [("early", 1.0, UInt64(21)), ("late", 2.0, UInt64(22))] {
            let row = SelectionTestData.matrix(rows: 1, cols: Self.d, seed: seed)
            let same = Matrix(rows: Self.m, cols: Self.d, values: (0..<Self.m).flatMap { _ in row.values })
            try SelectionTestData.writeFeature(h, pool: "same", feature: "emb", label: label, weight: weight, same)
        }
        return SelectionTestData.body(method: "round_robin", targets: .object(["pool": .string("same"), "feature": .string("emb")]),
                                      budget: .object(["k": .int(k)]))
    }

    func localCSV(_ h: ServiceHarness, _ body: JSONValue) throws -> [UInt8] {
        let id = try SelectionTestData.submit(h, body)
        let job = try SelectionTestData.waitFinished(h.client, id)
        #expect(job["status"]?.stringValue == "succeeded", "\(job)")
        let r = try h.client.request("GET", "/v1/jobs/\(id)/result?format=csv")
        #expect(r.status == 200)
        return r.body
    }

    /// uot's Sinkhorn rounds as the driver runs them (in process); nothing for the other methods.
    func runSinkhorn(_ job: EngineJob, maps: URL) throws {
        guard job.method == "uot" else { return }
        var exchange = InProcessSinkhornExchange(job: job, workers: 2)
        try EngineSinkhorn.run(job, maps: maps, blocks: 4, exchange: &exchange)
    }

    func prepare(_ h: ServiceHarness, _ body: JSONValue) throws -> EngineJob {
        let job = try EngineJob.prepare(
            requestBody: JSONWriter.encode(body), database: h.service.database,
            exporter: ShardExporter(store: h.directory.appendingPathComponent("store"), shardBytes: Self.shardBytes),
            directory: h.directory.appendingPathComponent("job"))
        #expect(job.checkpoints.map(\.shardCount) == [5, 5])
        return job
    }

    static let bodies: [String: JSONValue] = [
        "random": SelectionTestData.body(method: "random", targets: nil, budget: .object(["k": .int(700)]), extra: [JSONValue.Member("seed", .int(9))]),
        "round_robin": SelectionTestData.body(method: "round_robin", budget: .object(["k": .int(600)])),
        "less": SelectionTestData.body(method: "less", budget: .object(["k": .int(500)]), params: .object(["groups": .int(2)])),
        "doubly_greedy": SelectionTestData.body(method: "doubly_greedy", budget: .object(["k": .int(450)])),
        "mean_topk": SelectionTestData.body(method: "mean_topk", budget: .object(["k": .int(350)])),
        "uot": SelectionTestData.body(method: "uot", budget: .object(["k": .int(400)])),
        "knn_uniform": SelectionTestData.body(method: "knn_uniform", budget: .object(["k": .int(300)])),
        "gist": SelectionTestData.body(method: "gist", budget: .object(["k": .int(380)]), params: .object(["rank": .int(4)])),
        "gist_groups": SelectionTestData.body(method: "gist", budget: .object(["k": .int(320)]), params: .object(["target_mode": .int(3)])),
    ]

    @Test(arguments: ["random", "round_robin", "less", "doubly_greedy", "mean_topk", "uot", "knn_uniform", "gist", "gist_groups"])
    func shardedRun_GivesTheLocalJobsCSVByteForByte_ForEachMethod(method: String) throws {
        let h = try ServiceHarness.make()
        try populate(h)
        let body = try #require(Self.bodies[method])
        let local = try localCSV(h, body)
        let job = try prepare(h, body)
        let maps = h.directory.appendingPathComponent("maps")
        for t in 0..<2 {
            // In reverse: the reduce must not depend on the order the steps finished in.
            for s in (0..<5).reversed() { try EngineMap.run(job, checkpoint: t, shard: s, output: maps) }
        }
        try runSinkhorn(job, maps: maps)
        let sharded = try EngineReduce.csv(job, maps: maps, workers: 2)
        #expect(local.count > 100)
        #expect(sharded == local, "\(String(decoding: sharded.prefix(300), as: UTF8.self)) vs \(String(decoding: local.prefix(300), as: UTF8.self))")
    }

    /// The reduce measures `quality` on the mapped S (coverage.md §4) as the local job does: uot
    /// and gist, whose local jobs take a pass of their own, and random with targets, whose maps
    /// then write cosines.
    @Test(arguments: ["uot", "random", "gist", "round_robin", "less", "knn_uniform"])
    func shardedRun_ReportsTheLocalJobsQuality(method: String) throws {
        let h = try ServiceHarness.make()
        try populate(h)
        let body = SelectionTestData.body(method: method, budget: .object(["k": .int(300)]))
        let id = try SelectionTestData.submit(h, body)
        #expect(try SelectionTestData.waitFinished(h.client, id)["status"]?.stringValue == "succeeded")
        let local = try h.client.json("GET", "/v1/jobs/\(id)/result?limit=1").json()["diagnostics"]?["quality"]
        #expect(local?["coverage"]?.doubleValue != nil)
        let job = try prepare(h, body)
        let maps = h.directory.appendingPathComponent("maps")
        for t in 0..<2 {
            for s in 0..<5 { try EngineMap.run(job, checkpoint: t, shard: s, output: maps) }
        }
        try runSinkhorn(job, maps: maps)
        #expect(try EngineReduce.outcome(job, maps: maps, workers: 2).result.diagnostic("quality") == local)
    }

    /// round_robin's reduce reads S in blocks into per-target lists: with six equal targets every
    /// queue runs out of its first list (208 entries for 150 picks each, all contended), so the
    /// lists are re-requested; the CSV and quality are still the local job's.
    @Test func shardedRoundRobin_GivesTheLocalJobsResult_WhenEqualTargetsContend() throws {
        let h = try ServiceHarness.make()
        try populate(h)
        let body = try populateEqualTargets(h, k: 900)
        let local = try localCSV(h, body)
        let job = try prepare(h, body)
        let maps = h.directory.appendingPathComponent("maps")
        for t in 0..<2 {
            for s in 0..<5 { try EngineMap.run(job, checkpoint: t, shard: s, output: maps) }
        }
        #expect(try EngineReduce.csv(job, maps: maps) == local)
    }

    /// round_robin through its list steps; uot through its Sinkhorn rounds alone (the coordinator
    /// and a block process, subprocesses of the driver speaking frames; quality included).
    @Test(arguments: ["round_robin", "uot"])
    func driverLocalMode_GivesTheLocalJobsCSV_WhenItRunsTheBinary(method: String) throws {
        let binary = ServiceProcess.binary
        #expect(FileManager.default.isExecutableFile(atPath: binary), "build the shortlist binary first")
        let h = try ServiceHarness.make()
        try populate(h)
        let body = try #require(Self.bodies[method])
        let local = try localCSV(h, body)
        let job = try prepare(h, body)
        let out = h.directory.appendingPathComponent("result.csv")
        let run = try PythonScript.run(
            [RepositoryFiles.url("ray/driver.py").path, "--local", "--binary", binary, "--job", job.directory.path,
             "--maps", h.directory.appendingPathComponent("maps").path, "--out", out.path, "--step-timeout", "60"], timeout: 180)
        #expect(run.status == 0, "\(run.output)")
        if method == "uot" {
            // No tile steps: the rounds (the default uot converges here well before max_iter), then the reduce.
            #expect(!run.output.contains("PROGRESS map") && run.output.contains("PROGRESS sinkhorn 1 1000") && run.output.contains("PROGRESS reduce 1 1"),
                    "\(run.output)")
        } else {
            // round_robin maps lists: one step per range of 1,024 rows, then again the four whose rows repeat earlier ones.
            #expect(run.output.contains("PROGRESS map 5 5") && run.output.contains("PROGRESS map 4 4") && run.output.contains("PROGRESS reduce 1 1"),
                    "\(run.output)")
        }
        #expect(Array(try Data(contentsOf: out)) == local)
    }

    /// A uot block process that fails (its shard changed after the export) fails the driver
    /// with the block's own message, and no CSV is written.
    @Test func driverLocalMode_FailsNamingTheBlocksError_WhenABlockProcessFails() throws {
        let h = try ServiceHarness.make()
        try populate(h)
        let job = try prepare(h, try #require(Self.bodies["uot"]))
        try corruptShard(job, 2)
        let out = h.directory.appendingPathComponent("result.csv")
        let run = try PythonScript.run(
            [RepositoryFiles.url("ray/driver.py").path, "--local", "--binary", ServiceProcess.binary, "--job", job.directory.path,
             "--maps", h.directory.appendingPathComponent("maps").path, "--out", out.path, "--step-timeout", "60"], timeout: 180)
        #expect(run.status == 1, "\(run.output)")
        #expect(run.output.contains("driver: the Sinkhorn block of rows 0:4500 ended") && run.output.contains("does not match its manifest"),
                "\(run.output)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// Flips one byte of shard `s` of the first checkpoint, after the export.
    func corruptShard(_ job: EngineJob, _ s: Int) throws {
        let manifest = try ShardManifest.read(job.checkpoints[0].manifest)
        let file = job.checkpoints[0].manifest.deletingLastPathComponent().appendingPathComponent(manifest.shards[s].file)
        var bytes = Array(try Data(contentsOf: file))
        bytes[bytes.count - 1] ^= 1
        try Data(bytes).write(to: file)
    }

    @Test func mapStep_RefusesAShard_WhenTheStoreChangedAfterExport() throws {
        let h = try ServiceHarness.make()
        try populate(h)
        let job = try prepare(h, try #require(Self.bodies["round_robin"]))
        try corruptShard(job, 2)
        #expect(throws: EngineError.self) { try EngineMap.run(job, checkpoint: 0, shard: 2, output: h.directory.appendingPathComponent("maps")) }
    }
}
