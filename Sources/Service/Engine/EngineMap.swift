import Foundation
import JSON
import Providers
import Selection

/// `shortlist engine map`: the map step of a sharded run on one shard of one checkpoint, as one
/// Ray task runs it. Similarity methods write the shard's cosines (`map-<t>-<s>.cos.npy`, M x
/// rows float32) and row fingerprints (`map-<t>-<s>.fp.npy`, rows x 2 words); gist also its
/// cosines in the checkpoint's subspace (`map-<t>-<s>.gist.npy`, rows x C float64); `random`
/// without targets only checks the rows. `map-<t>-<s>.json` is written last: its presence means the step completed.
public enum EngineMap {
    public static func run(_ job: EngineJob, checkpoint t: Int, shard s: Int, output: URL) throws {
        let (entry, rows) = try shardRows(job, checkpoint: t, shard: s)
        let checkpoint = job.checkpoints[t]
        try EngineFiles.makeDirectory(output)
        let name = fileBase(checkpoint: t, shard: s)
        func store(_ bytes: [UInt8], as suffix: String) throws { try EngineFiles.write(bytes, to: output.appendingPathComponent(name + suffix)) }
        if !job.mapsSimilarity {
            if let bad = rows.firstIndex(where: { !$0.isFinite }) {
                throw EngineError("candidate \(entry.rowOffset + bad / checkpoint.dim) of checkpoint \(checkpoint.label) contains NaN or Inf")
            }
        } else {
            let targets = try job.targets(t)
            let cosines = try rows.withUnsafeBufferPointer {
                try ShardCosines.compute(rows: $0, rowOffset: entry.rowOffset, dim: checkpoint.dim, candidateCount: job.candidateCount,
                                         targets: targets, label: checkpoint.label)
            }
            try store(NPYArray.file(floats: cosines.cosines, rows: cosines.targetCount, columns: cosines.rowCount), as: ".cos.npy")
            try store(NPYArray.file(words: cosines.fingerprints, rows: cosines.rowCount, columns: 2), as: ".fp.npy")
            if job.method == "gist" {
                let plan = try job.gistPlan(t)
                let gist = try rows.withUnsafeBufferPointer {
                    try GISTShardCosines.compute(rows: $0, rowOffset: entry.rowOffset, dim: checkpoint.dim, candidateCount: job.candidateCount,
                                                 plan: plan, label: checkpoint.label)
                }
                try store(NPYArray.file(doubles: gist.cosines, rows: gist.rowCount, columns: gist.groupCount), as: ".gist.npy")
            }
        }
        let done: JSONValue = .object(["checkpoint": .int(t), "shard": .int(s), "row_offset": .int(entry.rowOffset), "rows": .int(entry.rows)])
        try EngineFiles.write(JSONWriter.encode(done), to: output.appendingPathComponent(name + ".json"))
    }

    static func fileBase(checkpoint t: Int, shard s: Int) -> String { "map-\(t)-\(s)" }

    /// Whether `output` holds tile map outputs (a list run that fell back to tiles has them).
    static func isPresent(_ output: URL) -> Bool {
        FileManager.default.fileExists(atPath: output.appendingPathComponent(fileBase(checkpoint: 0, shard: 0) + ".json").path)
    }

    /// Shard `s` of checkpoint `t` as exported for the job: its manifest entry and its rows,
    /// checked against the manifest (size, SHA-256, shape).
    static func shardRows(_ job: EngineJob, checkpoint t: Int, shard s: Int) throws -> (entry: ShardEntry, rows: [Float]) {
        let manifest = try self.manifest(job, checkpoint: t)
        var rows: [Float] = []
        let entry = try appendShardRows(job, checkpoint: t, manifest: manifest, shard: s, rows: 0..<Int.max, to: &rows)
        return (entry, rows)
    }

    /// The rows `range` of checkpoint `t` (row-major), from every shard holding some of them.
    static func rows(_ job: EngineJob, checkpoint t: Int, range: Range<Int>) throws -> [Float] {
        let manifest = try self.manifest(job, checkpoint: t)
        var out: [Float] = []
        out.reserveCapacity(range.count * job.checkpoints[t].dim)
        for (s, entry) in manifest.shards.enumerated() where entry.rowOffset < range.upperBound && entry.rowOffset + entry.rows > range.lowerBound {
            let local = (max(range.lowerBound, entry.rowOffset) - entry.rowOffset)..<(min(range.upperBound, entry.rowOffset + entry.rows) - entry.rowOffset)
            try appendShardRows(job, checkpoint: t, manifest: manifest, shard: s, rows: local, to: &out)
        }
        guard out.count == range.count * job.checkpoints[t].dim else {
            throw EngineError("the shards of checkpoint \(job.checkpoints[t].label) do not hold rows \(range.lowerBound)..<\(range.upperBound)")
        }
        return out
    }

    /// Appends the rows `local` (clamped to the shard) of shard `s` of checkpoint `t` to `out`,
    /// after checking the file against `manifest` (size, SHA-256, shape); returns its entry. The
    /// rows are copied once from the file's bytes (`<f4` is the host's byte order on every
    /// platform this builds for).
    @discardableResult
    static func appendShardRows(
        _ job: EngineJob, checkpoint t: Int, manifest: ShardManifest, shard s: Int, rows local: Range<Int>, to out: inout [Float]
    ) throws -> ShardEntry {
        guard manifest.shards.indices.contains(s) else { throw EngineError("checkpoint \(job.checkpoints[t].label) has no shard \(s) (it has \(manifest.shards.count))") }
        let checkpoint = job.checkpoints[t]
        let entry = manifest.shards[s]
        let url = checkpoint.manifest.deletingLastPathComponent().appendingPathComponent(entry.file)
        let bytes = try EngineFiles.read(url)
        guard bytes.count == entry.bytes, SHA256.hexDigest(bytes) == entry.sha256 else {
            throw EngineError("\(url.path) does not match its manifest (size or SHA-256): the store changed under the job")
        }
        let header = try NPYArray.parseHeader(bytes, name: url.lastPathComponent)
        guard header.descr == NPYArray.float32, header.rows == entry.rows, header.columns == checkpoint.dim else {
            throw EngineError("\(url.path) is \(header.rows) x \(header.columns) \(header.descr), its manifest says \(entry.rows) x \(checkpoint.dim) <f4")
        }
        let rows = local.clamped(to: 0..<entry.rows)
        let (from, count) = (header.dataOffset + rows.lowerBound * checkpoint.dim * 4, rows.count * checkpoint.dim)
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: count))
        out.withUnsafeMutableBytes { target in
            bytes.withUnsafeBytes { source in
                target.baseAddress!.advanced(by: start * 4).copyMemory(from: source.baseAddress!.advanced(by: from), byteCount: count * 4)
            }
        }
        return entry
    }

    /// Checkpoint `t`'s manifest, checked against the job.
    static func manifest(_ job: EngineJob, checkpoint t: Int) throws -> ShardManifest {
        guard job.checkpoints.indices.contains(t) else { throw EngineError("the job has no checkpoint \(t) (it has \(job.checkpoints.count))") }
        let checkpoint = job.checkpoints[t]
        let manifest = try ShardManifest.read(checkpoint.manifest)
        guard manifest.rows == job.candidateCount, manifest.dim == checkpoint.dim else {
            throw EngineError("\(checkpoint.manifest.path) holds \(manifest.rows) x \(manifest.dim), the job expects \(job.candidateCount) x \(checkpoint.dim): export again")
        }
        return manifest
    }

    /// The rows a completed map step covered (its `.json`, written last).
    static func readDone(_ output: URL, checkpoint t: Int, shard s: Int) throws -> (rowOffset: Int, rows: Int) {
        let name = fileBase(checkpoint: t, shard: s)
        let done = try JSONParser.parse(try EngineFiles.read(output.appendingPathComponent(name + ".json")))
        guard let offset = done["row_offset"]?.intValue, let rows = done["rows"]?.intValue else {
            throw EngineError("\(name).json lacks row_offset or rows")
        }
        return (offset, rows)
    }

    /// The row fingerprints a similarity map step wrote (two words a row), with its rows.
    static func readFingerprints(_ output: URL, checkpoint t: Int, shard s: Int) throws -> (rowOffset: Int, rows: Int, words: [UInt64]) {
        let (offset, rows) = try readDone(output, checkpoint: t, shard: s)
        let name = fileBase(checkpoint: t, shard: s)
        let prints = try NPYArray.read(output.appendingPathComponent(name + ".fp.npy"))
        guard prints.rows == rows, prints.columns == 2 else { throw EngineError("\(name).fp.npy holds \(prints.rows) x \(prints.columns), not \(rows) x 2") }
        return (offset, rows, try prints.words())
    }

    /// The map output of checkpoint `t`, shard `s` for the reduce; nil for a method without one.
    static func read(_ output: URL, checkpoint t: Int, shard s: Int, similarity: Bool) throws -> ShardCosines? {
        guard similarity else {
            _ = try readDone(output, checkpoint: t, shard: s)
            return nil
        }
        let (offset, rows, prints) = try readFingerprints(output, checkpoint: t, shard: s)
        let name = fileBase(checkpoint: t, shard: s)
        let cosines = try NPYArray.read(output.appendingPathComponent(name + ".cos.npy"))
        guard cosines.columns == rows else { throw EngineError("\(name).cos.npy holds \(cosines.columns) rows, not \(rows)") }
        return try ShardCosines(rowOffset: offset, rowCount: rows, targetCount: cosines.rows, cosines: try cosines.floats(), fingerprints: prints)
    }
}
