import Foundation
import LinearAlgebra
import Selection
@testable import Service
import Testing

/// `ShardExporter` on several threads: the same shards and manifest for every thread count, a
/// cancel that stops it between shards, and reuse of every shard but the changed one.
@Suite struct ShardExportParallelTests {
    static let n = 30_000
    static let d = 8
    /// One tile of 1,024 rows per shard: 30 shards per checkpoint (29 of 1,024 rows and one of 304).
    static let shardBytes = 1024 * d * 4 + 100
    static let shardCount = 30

    /// A pool of `n` rows with two checkpoints of feature `emb`; returns checkpoint `default`.
    @discardableResult
    static func pool(_ h: ServiceHarness) throws -> Matrix {
        let m = try SelectionTestData.pool(h, "cands", n: n, d: d, seed: 11)
        try SelectionTestData.writeFeature(h, pool: "cands", feature: "emb", label: "late", SelectionTestData.matrix(rows: n, cols: d, seed: 12))
        return m
    }

    func exporter(_ h: ServiceHarness, store: String, threads: Int) -> ShardExporter {
        ShardExporter(store: h.directory.appendingPathComponent(store), shardBytes: Self.shardBytes, threads: threads)
    }

    /// Every file of an export's checkpoint folders, by checkpoint and name.
    func files(_ exports: [ShardExport]) throws -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        for export in exports {
            let folder = export.manifestURL.deletingLastPathComponent()
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
                out[folder.lastPathComponent + "/" + name] = try EngineFiles.read(folder.appendingPathComponent(name))
            }
        }
        return out
    }

    @Test func export_WritesTheSameShardsAndManifests_ForEveryThreadCount() throws {
        let h = try ServiceHarness.make()
        try Self.pool(h)
        let single = try exporter(h, store: "store-1", threads: 1).export(h.service.database, pool: "cands", feature: "emb")
        #expect(single.map(\.written.count) == [Self.shardCount, Self.shardCount])
        let expected = try files(single)
        #expect(expected.count == 2 * (Self.shardCount + 1))
        for threads in 2...8 {
            let exports = try exporter(h, store: "store-\(threads)", threads: threads).export(h.service.database, pool: "cands", feature: "emb")
            #expect(exports.map(\.written) == single.map(\.written) && exports.allSatisfy(\.reused.isEmpty))
            let got = try files(exports)
            #expect(got.keys.sorted() == expected.keys.sorted(), "threads \(threads)")
            let differing = expected.keys.filter { got[$0] != expected[$0] }.sorted()
            #expect(differing.isEmpty, "threads \(threads): \(differing.prefix(3))")
        }
    }

    @Test func export_ReportsEveryShardOfEveryCheckpoint_AsItsProgress() throws {
        let h = try ServiceHarness.make()
        try Self.pool(h)
        let reports = Reports()
        let control = SelectionControl(progress: { stage, done, total in reports.add(stage, done, total) })
        _ = try exporter(h, store: "store", threads: 3).export(h.service.database, pool: "cands", feature: "emb", control: control)
        let seen = reports.all
        #expect(seen.allSatisfy { $0.stage == "exporting" && $0.total == 2 * Self.shardCount })
        #expect(seen.map(\.done) == Array(0...(2 * Self.shardCount)))
    }

    @Test func export_StopsBetweenShards_AndLeavesNoManifestOrHalfFile_WhenCancelled() throws {
        let h = try ServiceHarness.make()
        try Self.pool(h)
        // Cancelled once three shards are done, as a job's cancel arriving during its export.
        let reports = Reports()
        let control = SelectionControl(isCancelled: { reports.all.count > 3 }, progress: { stage, done, total in reports.add(stage, done, total) })
        let exporter = exporter(h, store: "store", threads: 2)
        #expect(throws: SelectionError.self) {
            try exporter.export(h.service.database, pool: "cands", feature: "emb", control: control)
        }
        // Each thread finishes at most the shard it had started: far fewer than the 60 shards.
        #expect(reports.all.count - 1 <= 3 + 2)
        let folder = exporter.directory(pool: "cands", feature: "emb", checkpoint: "default")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!names.contains(ShardManifest.fileName))
        #expect(names.allSatisfy { $0.hasPrefix("shard-") && $0.hasSuffix(".npy") }, "\(names)")
        #expect(names.count < Self.shardCount)
        // The next export completes and reuses nothing it cannot vouch for (no manifest before).
        let again = try exporter.export(h.service.database, pool: "cands", feature: "emb")
        #expect(again.map(\.written.count) == [Self.shardCount, Self.shardCount])
    }

    @Test func export_RewritesOnlyTheChangedShard_OnEveryThreadCount() throws {
        let h = try ServiceHarness.make()
        var m = try Self.pool(h)
        for threads in [1, 3] {
            let exporter = exporter(h, store: "store-\(threads)", threads: threads)
            _ = try exporter.export(h.service.database, pool: "cands", feature: "emb")
            // A row of shard 17 (rows 17,408 ..< 18,432) of checkpoint `default` changes.
            let changed = (17 * 1024 + 5) * Self.d + 2
            m.values[changed] += 1
            try SelectionTestData.writeFeature(h, pool: "cands", feature: "emb", m)
            let again = try exporter.export(h.service.database, pool: "cands", feature: "emb")
            #expect(again[0].written == [17], "threads \(threads)")
            let others: [Int] = (0..<Self.shardCount).filter { $0 != 17 }
            #expect(again[0].reused == others)
            #expect(again[1].written.isEmpty && again[1].reused.count == Self.shardCount)
            let rows = try NPYArray.read(again[0].manifestURL.deletingLastPathComponent().appendingPathComponent(again[0].manifest.shards[17].file)).floats()
            let value: Float = m.values[changed]
            #expect(rows[5 * Self.d + 2] == value)
        }
    }
}
