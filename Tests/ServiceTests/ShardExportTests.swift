import Foundation
import JSON
import LinearAlgebra
import Providers
import Selection
@testable import Service
import Testing

/// `ShardExporter`: a checkpoint as `.npy` shards of contiguous rows and a manifest, written
/// again only where rows changed.
@Suite struct ShardExportTests {
    static let n = 2500
    static let d = 8
    /// One tile of 1,024 rows per shard: three shards of 1,024, 1,024 and 452 rows.
    static let shardBytes = 1024 * d * 4 + 100

    func exporter(_ h: ServiceHarness) -> ShardExporter {
        ShardExporter(store: h.directory.appendingPathComponent("store"), shardBytes: Self.shardBytes)
    }

    func export(_ h: ServiceHarness) throws -> ShardExport {
        let exports = try exporter(h).export(h.service.database, pool: "cands", feature: "emb")
        #expect(exports.count == 1)
        return try #require(exports.first)
    }

    @Test func export_WritesContiguousShardsAndManifest_WhenCheckpointExported() throws {
        let h = try ServiceHarness.make()
        let m = try SelectionTestData.pool(h, "cands", n: Self.n, d: Self.d, seed: 3)
        let export = try export(h)
        #expect(export.written == [0, 1, 2] && export.reused.isEmpty)
        let manifest = try JSONParser.parse(Array(try Data(contentsOf: export.manifestURL)))
        #expect(manifest["format"]?.stringValue == "shortlist-shards/1")
        #expect(manifest["pool"]?.stringValue == "cands" && manifest["feature"]?.stringValue == "emb" && manifest["checkpoint"]?.stringValue == "default")
        #expect(manifest["rows"]?.intValue == Self.n && manifest["dim"]?.intValue == Self.d && manifest["dtype"]?.stringValue == "<f4")
        #expect(manifest["item_ids"]?.arrayValue?.compactMap(\.stringValue) == (0..<Self.n).map(SelectionTestData.itemID))
        let shards = try #require(manifest["shards"]?.arrayValue)
        #expect(shards.compactMap { $0["row_offset"]?.intValue } == [0, 1024, 2048])
        #expect(shards.compactMap { $0["rows"]?.intValue } == [1024, 1024, 452])
        for shard in shards {
            let file = export.manifestURL.deletingLastPathComponent().appendingPathComponent(try #require(shard["file"]?.stringValue))
            let bytes = Array(try Data(contentsOf: file))
            #expect(shard["sha256"]?.stringValue == SHA256.hexDigest(bytes))
            #expect(shard["bytes"]?.intValue == bytes.count)
            let array = try NPYArray.parse(bytes, name: file.lastPathComponent)
            let offset = try #require(shard["row_offset"]?.intValue)
            #expect(try array.floats() == Array(m.values[(offset * Self.d)..<((offset + array.rows) * Self.d)]))
        }
    }

    @Test func export_ReusesEveryShard_WhenNoRowChanged() throws {
        let h = try ServiceHarness.make()
        try SelectionTestData.pool(h, "cands", n: Self.n, d: Self.d, seed: 3)
        let first = try export(h)
        let folder = first.manifestURL.deletingLastPathComponent()
        // A write goes through a new file renamed into place: a new inode, whatever the clock says.
        func inodes() throws -> [Int] {
            try (0..<3).map { try #require((try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(ShardExporter.fileName($0)).path)[.systemFileNumber] as? NSNumber)?.intValue) }
        }
        let before = try inodes()
        let again = try export(h)
        #expect(again.written.isEmpty && again.reused == [0, 1, 2])
        #expect(try inodes() == before)
        #expect(try ShardManifest.read(again.manifestURL) == first.manifest)
    }

    @Test func export_RewritesOnlyTheShardOfAChangedRow_WhenOneRowChanges() throws {
        let h = try ServiceHarness.make()
        var m = try SelectionTestData.pool(h, "cands", n: Self.n, d: Self.d, seed: 3)
        let first = try export(h)
        m.values[1500 * Self.d] += 1
        try SelectionTestData.writeFeature(h, pool: "cands", feature: "emb", m)
        let again = try export(h)
        #expect(again.written == [1] && again.reused == [0, 2])
        #expect(again.manifest.shards[1].sha256 != first.manifest.shards[1].sha256)
        #expect(again.manifest.shards[0] == first.manifest.shards[0] && again.manifest.shards[2] == first.manifest.shards[2])
        let rows = try NPYArray.read(again.manifestURL.deletingLastPathComponent().appendingPathComponent(again.manifest.shards[1].file)).floats()
        #expect(rows[(1500 - 1024) * Self.d] == m.values[1500 * Self.d])
    }

    /// An export stopped after rewriting a shard but before its manifest must not leave the old
    /// manifest vouching for the rewritten file: when the rows change back, the next export would
    /// otherwise reuse a file whose bytes are not the manifest's.
    @Test func export_ReusesNoShardTheOldManifestCannotVouchFor_WhenAnExportStoppedAfterAWrite() throws {
        let h = try ServiceHarness.make()
        var m = try SelectionTestData.pool(h, "cands", n: Self.n, d: Self.d, seed: 3)
        let first = try export(h)
        m.values[1500 * Self.d] += 1
        try SelectionTestData.writeFeature(h, pool: "cands", feature: "emb", m)
        // One thread, shards in order: cancelled once shards 0 and 1 are done (shard 1 rewritten).
        let reports = Reports()
        let control = SelectionControl(isCancelled: { reports.all.count > 2 }, progress: { stage, done, total in reports.add(stage, done, total) })
        #expect(throws: SelectionError.self) {
            try exporter(h).export(h.service.database, pool: "cands", feature: "emb", control: control)
        }
        #expect(!FileManager.default.fileExists(atPath: first.manifestURL.path))
        m.values[1500 * Self.d] -= 1
        try SelectionTestData.writeFeature(h, pool: "cands", feature: "emb", m)
        let again = try export(h)
        #expect(again.manifest == first.manifest)
        #expect(again.written == [0, 1, 2])
        for entry in again.manifest.shards {
            let bytes = Array(try Data(contentsOf: again.manifestURL.deletingLastPathComponent().appendingPathComponent(entry.file)))
            #expect(SHA256.hexDigest(bytes) == entry.sha256, "\(entry.file)")
        }
    }

    @Test func export_KeepsTheManifest_WhenStoppedBeforeAnyWrite() throws {
        let h = try ServiceHarness.make()
        try SelectionTestData.pool(h, "cands", n: Self.n, d: Self.d, seed: 3)
        let first = try export(h)
        let reports = Reports()
        let control = SelectionControl(isCancelled: { reports.all.count > 2 }, progress: { stage, done, total in reports.add(stage, done, total) })
        #expect(throws: SelectionError.self) {
            try exporter(h).export(h.service.database, pool: "cands", feature: "emb", control: control)
        }
        // Nothing was rewritten, so the old manifest still describes every file and stays.
        #expect(try ShardManifest.read(first.manifestURL) == first.manifest)
    }

    /// numpy reads the shards as written, and the manifest's hashes are hashlib's.
    @Test func shards_RoundTripThroughNumpy_WhenLoadedWithTheManifest() throws {
        let h = try ServiceHarness.make()
        let m = try SelectionTestData.pool(h, "cands", n: Self.n, d: Self.d, seed: 5)
        let export = try export(h)
        let expected = h.directory.appendingPathComponent("expected.npy")
        try Data(SelectionTestData.npy(m)).write(to: expected)
        let script = """
            import hashlib, json, os, sys
            import numpy as np
            manifest_path, expected_path = sys.argv[1], sys.argv[2]
            manifest = json.load(open(manifest_path))
            folder = os.path.dirname(manifest_path)
            parts = []
            for shard in manifest["shards"]:
                path = os.path.join(folder, shard["file"])
                assert hashlib.sha256(open(path, "rb").read()).hexdigest() == shard["sha256"], shard["file"]
                a = np.load(path)
                assert a.dtype == np.float32 and a.shape == (shard["rows"], manifest["dim"]), (a.dtype, a.shape)
                parts.append(a)
            whole = np.concatenate(parts)
            assert np.array_equal(whole, np.load(expected_path)), "rows differ"
            assert len(manifest["item_ids"]) == whole.shape[0]
            print("ok")
            """
        let result = try PythonScript.run(script, arguments: [export.manifestURL.path, expected.path])
        #expect(result.status == 0 && result.output.contains("ok"), "\(result.output)")
    }
}
