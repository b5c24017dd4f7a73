import Foundation
import JSON
import LinearAlgebra
@testable import Selection
@testable import Service
import Testing
import TestSupport

/// round_robin and knn_uniform run with list map steps (`EngineListMap`: per-target top lists
/// over row ranges of every checkpoint, merged on the driver) give the local job's CSV and
/// quality byte for byte: with rows repeated across ranges (the steps run again with their
/// repeats), with lists that run out (deeper lists, or S's tiles), and with more targets than rows.
@Suite struct EngineListMapTests {
    let data = ShardedRunTests()

    /// The local job's CSV and its `quality` diagnostic.
    func local(_ h: ServiceHarness, _ body: JSONValue) throws -> (csv: [UInt8], quality: JSONValue?) {
        let id = try SelectionTestData.submit(h, body)
        #expect(try SelectionTestData.waitFinished(h.client, id, timeout: 120)["status"]?.stringValue == "succeeded")
        let quality = try h.client.json("GET", "/v1/jobs/\(id)/result?limit=1").json()["diagnostics"]?["quality"]
        return (try h.client.request("GET", "/v1/jobs/\(id)/result?format=csv").body, quality)
    }

    /// ray/driver.py's rounds, in process: the list steps (last range first), then `check`, again
    /// until it says ok or tiles; the answers of `check`.
    /// `initialLength` replaces the plan's first length (lists that run out sooner).
    func run(_ job: EngineJob, maps: URL, maxRangeRows: Int?, allowTiles: Bool = true, initialLength: Int? = nil) throws -> [JSONValue] {
        let plan = try #require(try job.listPlan(maxRangeRows: maxRangeRows))
        var (ranges, length) = (plan.ranges, initialLength ?? plan.length)
        var answers: [JSONValue] = []
        while answers.count < 20 {
            for range in ranges.reversed() {
                let repeats = MappedTopLists.repeatsFile(maps, rowOffset: range.lowerBound)
                try EngineListMap.run(job, rows: range, length: length,
                                      repeats: FileManager.default.fileExists(atPath: repeats.path) ? repeats : nil, output: maps)
            }
            let answer = try MappedTopLists.check(job, maps: maps, allowTiles: allowTiles)
            answers.append(answer)
            switch answer["status"]?.stringValue {
            case "ok": return answers
            case "tiles":
                for t in job.checkpoints.indices {
                    for s in 0..<job.checkpoints[t].shardCount { try EngineMap.run(job, checkpoint: t, shard: s, output: maps) }
                }
                return answers
            default:
                ranges = (answer["ranges"]?.arrayValue ?? []).compactMap { pair in
                    pair.arrayValue.flatMap { $0.count == 2 ? ($0[0].intValue ?? 0)..<($0[1].intValue ?? 0) : nil }
                }
                length = try #require(answer["length"]?.intValue)
            }
        }
        Issue.record("the rounds did not end: \(answers)")
        return answers
    }

    func expectLocal(_ h: ServiceHarness, _ job: EngineJob, maps: URL, _ expected: (csv: [UInt8], quality: JSONValue?)) throws {
        let outcome = try EngineReduce.outcome(job, maps: maps, workers: 2)
        #expect(try EngineReduce.csv(job, maps: maps) == expected.csv)
        #expect(outcome.result.diagnostic("quality") == expected.quality)
        #expect(expected.quality?["coverage"]?.doubleValue != nil)
    }

    static func ranges(_ answer: JSONValue) -> [[Int]] { (answer["ranges"]?.arrayValue ?? []).map { $0.arrayValue?.compactMap(\.intValue) ?? [] } }

    @Test(arguments: ["round_robin", "knn_uniform"], [1024, 2048, 4096, 0])
    func listRun_GivesTheLocalJobsCSVAndQuality_ForAnyRangeRows(method: String, rangeRows: Int) throws {
        let h = try ServiceHarness.make()
        try data.populate(h)
        let body = try #require(ShardedRunTests.bodies[method])
        let expected = try local(h, body)
        let job = try data.prepare(h, body)
        let maps = h.directory.appendingPathComponent("maps")
        let answers = try run(job, maps: maps, maxRangeRows: rangeRows == 0 ? nil : rangeRows)
        #expect(answers.last?["status"]?.stringValue == "ok", "\(answers)")
        if rangeRows == 1024 {
            // Rows 1100, 2048, 3100 and 4499 repeat rows of earlier ranges: those steps ran again with their repeats.
            #expect(Self.ranges(answers[0]) == [[1024, 2048], [2048, 3072], [3072, 4096], [4096, 4500]], "\(answers)")
        }
        try expectLocal(h, job, maps: maps, expected)
    }

    /// Six equal targets contend for every candidate: their first lists (40 entries a range
    /// here) run out, so the driver asks for deeper lists, or, when those would not be smaller
    /// than S (k = 2,400), for the tiles.
    @Test(arguments: [(900, false), (2400, true)])
    func contendedTargets_GetDeeperListsOrTiles_AndTheLocalJobsResult(k: Int, allowTiles: Bool) throws {
        let h = try ServiceHarness.make()
        try data.populate(h)
        let body = try data.populateEqualTargets(h, k: k)
        let expected = try local(h, body)
        let job = try data.prepare(h, body)
        let maps = h.directory.appendingPathComponent("maps")
        let answers = try run(job, maps: maps, maxRangeRows: nil, allowTiles: allowTiles, initialLength: 40)
        if allowTiles {
            #expect(answers.last?["status"]?.stringValue == "tiles", "\(answers)")
        } else {
            #expect(answers.contains { $0["status"]?.stringValue == "lists" && ($0["length"]?.intValue ?? 0) > 40 }, "\(answers)")
            #expect(answers.last?["status"]?.stringValue == "ok")
        }
        try expectLocal(h, job, maps: maps, expected)
    }

    /// 1,100 targets, ranges of 1,024 rows and k = 600: the later targets make no pick, and their
    /// quality needs lists deep enough to hold a selected candidate.
    @Test func moreTargetsThanRangeRows_GiveTheLocalJobsResult() throws {
        let h = try ServiceHarness.make()
        try data.populate(h)
        try SelectionTestData.createPool(h, "many", items: 1100)
        for (label, weight, seed) in [("early", 1.0, UInt64(31)), ("late", 2.0, UInt64(32))] {
            let targets = SelectionTestData.matrix(rows: 1100, cols: ShardedRunTests.d, seed: seed)
            try SelectionTestData.writeFeature(h, pool: "many", feature: "emb", label: label, weight: weight, targets)
        }
        let body = SelectionTestData.body(method: "round_robin", targets: .object(["pool": .string("many"), "feature": .string("emb")]),
                                          budget: .object(["k": .int(600)]))
        let expected = try local(h, body)
        let job = try data.prepare(h, body)
        let maps = h.directory.appendingPathComponent("maps")
        let answers = try run(job, maps: maps, maxRangeRows: 1024, allowTiles: false)
        #expect(answers.last?["status"]?.stringValue == "ok", "\(answers)")
        try expectLocal(h, job, maps: maps, expected)
    }
}
