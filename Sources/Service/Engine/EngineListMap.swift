import Foundation
import JSON
import LinearAlgebra
import Selection

/// `shortlist engine map --rows lo:hi --length L`: the map step of a method whose reduce reads only
/// per-target top lists (`TopListSelector`: round_robin, knn_uniform), on one row range of the
/// pool across every checkpoint, as one Ray task runs it. It builds S over its rows exactly as
/// the local pass does (per checkpoint the cosines of the local pass's tiles, every repeated row
/// given its first occurrence's cosines, then `w_t cos_t` added in float64 onto zeros in
/// checkpoint order), block by block, and keeps only each target's best `L` (`RangeTopLists`),
/// so it writes M x L entries instead of M x rows cosines per checkpoint:
/// `lists-<lo>.val.npy` (M x L S values), `.idx.npy` (M x L global rows), `.tbest.npy` (each
/// target's largest S), `.rbest.npy` (each row's largest S), `.fp.npy` (the rows' fingerprints,
/// checkpoint after checkpoint) and, last, `lists-<lo>.json`.
///
/// A row whose first occurrence lies before the range is only known to repeat once the driver
/// has every range's fingerprints (`MappedTopLists.check`): the step is run again with
/// `repeats` (every repeated row of the range and the row it repeats, per checkpoint), and then
/// computes those first occurrences' cosines from their own tiles.
public enum EngineListMap {
    static func fileBase(rowOffset: Int) -> String { "lists-\(rowOffset)" }

    public static func run(_ job: EngineJob, rows range: Range<Int>, length: Int, repeats: URL?, output: URL) throws {
        guard let selector = job.topListSelector else { throw EngineError("method \(job.method) has no list map steps") }
        let n = job.candidateCount
        guard range.lowerBound >= 0, range.upperBound <= n, !range.isEmpty, length >= 0 else {
            throw EngineError("rows \(range.lowerBound)..<\(range.upperBound) and length \(length) do not fit a pool of \(n)")
        }
        let rows = try RangeRows(job, range: range)
        let pairs: [[Int: Int]] = try repeats.map { try readRepeats($0, range: range, checkpoints: job.checkpoints.count) } ?? rows.pairsInside
        var lists = TopListAccumulator(targetCount: job.targetCount, length: length, byDistance: selector.ranksByDistance, measuresColumns: true)
        try rows.forEachSimilarityBlock(pairs: pairs) { start, width, block in
            block.withUnsafeBufferPointer { lists.add(start: start, count: width, rows: $0) }
        }
        let m = job.targetCount
        let count = job.checkpoints.count
        let prints = rows.scans.map(\.fingerprints)
        let ranked = try RangeTopLists(lists, rowOffset: range.lowerBound, rowCount: range.count)
        try EngineFiles.makeDirectory(output)
        let base = output.appendingPathComponent(fileBase(rowOffset: range.lowerBound))
        func store(_ bytes: [UInt8], as suffix: String) throws { try EngineFiles.write(bytes, to: base.appendingPathExtension(suffix)) }
        try store(NPYArray.file(doubles: ranked.values, rows: m, columns: ranked.length), as: "val.npy")
        try store(NPYArray.file(words: ranked.indices.map { UInt64($0) }, rows: m, columns: ranked.length), as: "idx.npy")
        try store(NPYArray.file(doubles: ranked.targetBest, rows: m, columns: 1), as: "tbest.npy")
        try store(NPYArray.file(doubles: ranked.rowBest, rows: range.count, columns: 1), as: "rbest.npy")
        try store(NPYArray.file(words: prints.flatMap { $0 }, rows: count * range.count, columns: 2), as: "fp.npy")
        let outside = pairs.reduce(0) { $0 + $1.values.filter { $0 < range.lowerBound }.count }
        let done: JSONValue = .object([
            "row_offset": .int(range.lowerBound), "rows": .int(range.count), "length": .int(ranked.length), "asked": .int(length),
            "repeats_before": .int(outside),
        ])
        try store(JSONWriter.encode(done), as: "json")
    }

    /// Each of `wanted`'s rows before `lowerBound` with its cosines against the targets, from
    /// the tile of the local pass holding it (one GEMM per tile, as the local pass computes it).
    static func cosinesBefore(_ lowerBound: Int, of wanted: Set<Int>, job: EngineJob, checkpoint t: Int, targets: Matrix) throws -> [Int: [Float]] {
        let tile = ShardCosines.tileRows(candidateCount: job.candidateCount)
        let byTile = Dictionary(grouping: wanted.filter { $0 < lowerBound }) { $0 / tile * tile }
        var out: [Int: [Float]] = [:]
        for (start, rows) in byTile {
            let range = start..<min(start + tile, job.candidateCount)
            let cosines = try EngineMap.rows(job, checkpoint: t, range: range).withUnsafeBufferPointer {
                try ShardCosines.compute(rows: $0, rowOffset: start, dim: job.checkpoints[t].dim, candidateCount: job.candidateCount,
                                         targets: targets, label: job.checkpoints[t].label)
            }
            for row in rows { out[row] = (0..<targets.rows).map { cosines.cosines[$0 * cosines.rowCount + row - start] } }
        }
        return out
    }

    /// A repeats file (`MappedTopLists.check`): rows of (checkpoint, row, first) words; those of `range`.
    static func readRepeats(_ url: URL, range: Range<Int>, checkpoints: Int) throws -> [[Int: Int]] {
        let array = try NPYArray.read(url)
        guard array.columns == 3 else { throw EngineError("\(url.path) holds \(array.columns) columns, not 3") }
        return try repeats(try array.words(), range: range, checkpoints: checkpoints, source: url.path)
    }

    /// (checkpoint, row, first) word triples as each checkpoint's repeats of `range` (row to first).
    static func repeats(_ words: [UInt64], range: Range<Int>, checkpoints: Int, source: String) throws -> [[Int: Int]] {
        guard words.count % 3 == 0 else { throw EngineError("\(source) does not hold (checkpoint, row, first) triples") }
        var out = [[Int: Int]](repeating: [:], count: checkpoints)
        for r in 0..<(words.count / 3) {
            let (t, row, first) = (Int(words[3 * r]), Int(words[3 * r + 1]), Int(words[3 * r + 2]))
            guard t < checkpoints, first < row else { throw EngineError("\(source) triple \(r) is not a repeat of an earlier row of a checkpoint") }
            if range.contains(row) { out[t][row] = first }
        }
        return out
    }
}
