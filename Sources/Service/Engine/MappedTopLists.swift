import Foundation
import JSON
import Selection

/// The list map outputs (`EngineListMap`) of a sharded run as its driver reads them: `check`
/// tells the driver whether they answer the reduce exactly or which steps to run again, and
/// `load` merges them for the reduce (`MergedTopLists`).
enum MappedTopLists {
    /// One completed list map step (its `lists-<lo>.json`).
    struct Step {
        let rowOffset, rows, length, asked, repeatsBefore: Int
        let base: URL
    }

    static func isPresent(_ maps: URL) -> Bool {
        FileManager.default.fileExists(atPath: maps.appendingPathComponent(EngineListMap.fileBase(rowOffset: 0) + ".json").path)
    }

    /// The completed steps, in row order; they must cover the pool.
    static func steps(_ job: EngineJob, maps: URL) throws -> [Step] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: maps.path)) ?? []
        var steps: [Step] = []
        for name in names where name.hasPrefix("lists-") && name.hasSuffix(".json") {
            let base = maps.appendingPathComponent(String(name.dropLast(5)))
            let done = try JSONParser.parse(try EngineFiles.read(base.appendingPathExtension("json")))
            guard let offset = done["row_offset"]?.intValue, let rows = done["rows"]?.intValue, let length = done["length"]?.intValue,
                  let asked = done["asked"]?.intValue, let before = done["repeats_before"]?.intValue else {
                throw EngineError("\(name) lacks row_offset, rows, length, asked or repeats_before")
            }
            steps.append(Step(rowOffset: offset, rows: rows, length: length, asked: asked, repeatsBefore: before, base: base))
        }
        steps.sort { $0.rowOffset < $1.rowOffset }
        var next = 0
        for step in steps {
            guard step.rowOffset == next else { throw EngineError("the list map outputs do not cover row \(next) (the next starts at \(step.rowOffset))") }
            next += step.rows
        }
        guard next == job.candidateCount else { throw EngineError("the list map outputs cover \(next) of \(job.candidateCount) candidates") }
        return steps
    }

    /// The steps that ranked their rows without knowing of repeats of earlier rows (found from
    /// every step's fingerprints, per checkpoint in global row order as the local pass finds
    /// them); writes each such step's `repeats-<lo>.npy` for its second run.
    static func stale(_ job: EngineJob, maps: URL, steps: [Step]) throws -> [Step] {
        let count = job.checkpoints.count
        var words = [[UInt64]](repeating: [], count: count)
        for step in steps {
            let prints = try NPYArray.read(step.base.appendingPathExtension("fp.npy"))
            guard prints.rows == count * step.rows, prints.columns == 2 else {
                throw EngineError("\(step.base.lastPathComponent).fp.npy holds \(prints.rows) x \(prints.columns), not \(count * step.rows) x 2")
            }
            appendFingerprints(try prints.words(), rows: step.rows, to: &words)
        }
        let triples = repeatTriples(words, ranges: steps.map { $0.rowOffset..<($0.rowOffset + $0.rows) })
        var out: [Step] = []
        for (step, rows) in zip(steps, triples) {
            let before = stride(from: 0, to: rows.count, by: 3).filter { rows[$0 + 2] < UInt64(step.rowOffset) }.count
            guard before != step.repeatsBefore else { continue }
            try EngineFiles.write(NPYArray.file(words: rows, rows: rows.count / 3, columns: 3), to: repeatsFile(maps, rowOffset: step.rowOffset))
            out.append(step)
        }
        return out
    }

    /// One range's fingerprints (`rows` rows of every checkpoint, checkpoint after checkpoint,
    /// two words a row) appended to each checkpoint's.
    static func appendFingerprints(_ all: [UInt64], rows: Int, to words: inout [[UInt64]]) {
        for t in words.indices { words[t] += all[(2 * t * rows)..<(2 * (t + 1) * rows)] }
    }

    /// Every repeated row of each of `ranges` as (checkpoint, row, first) word triples, from
    /// every row's fingerprints per checkpoint (`words`, in global row order, as the local pass
    /// finds the repeats).
    static func repeatTriples(_ words: [[UInt64]], ranges: [Range<Int>]) -> [[UInt64]] {
        let repeats = words.map { SimilarityMatrix.repeatedRows(fingerprints: $0) }
        return ranges.map { range in
            var rows: [UInt64] = []
            for (t, pairs) in repeats.enumerated() {
                for pair in pairs where range.contains(pair.row) { rows += [UInt64(t), UInt64(pair.row), UInt64(pair.first)] }
            }
            return rows
        }
    }

    static func repeatsFile(_ maps: URL, rowOffset: Int) -> URL { maps.appendingPathComponent("repeats-\(rowOffset).npy") }

    /// The merged lists of every step; the steps must not be stale (`check` said so).
    static func load(_ job: EngineJob, maps: URL, byDistance: Bool) throws -> MergedTopLists {
        let steps = try steps(job, maps: maps)
        if let step = try stale(job, maps: maps, steps: steps).first {
            throw EngineError("the list map step of rows \(step.rowOffset)..<\(step.rowOffset + step.rows) did not resolve repeats of earlier rows: run it again with its repeats file")
        }
        let m = job.targetCount
        let ranges = try steps.map { step in
            let values = try NPYArray.read(step.base.appendingPathExtension("val.npy"))
            let indices = try NPYArray.read(step.base.appendingPathExtension("idx.npy"))
            let targetBest = try NPYArray.read(step.base.appendingPathExtension("tbest.npy"))
            let rowBest = try NPYArray.read(step.base.appendingPathExtension("rbest.npy"))
            guard values.rows == m, values.columns == step.length, indices.rows == m, indices.columns == step.length,
                  targetBest.rows == m, rowBest.rows == step.rows else {
                throw EngineError("the list map outputs \(step.base.lastPathComponent) do not hold \(m) lists of \(step.length) over \(step.rows) rows")
            }
            return try RangeTopLists(rowOffset: step.rowOffset, rowCount: step.rows, length: step.length, values: try values.doubles(),
                                     indices: try indices.words().map { Int($0) }, targetBest: try targetBest.doubles(), rowBest: try rowBest.doubles())
        }
        return try MergedTopLists(ranges: ranges, targetCount: m, candidateCount: job.candidateCount, byDistance: byDistance)
    }

    /// What the driver does next, as JSON: `{"status": "ok"}` (the reduce can run),
    /// `{"status": "lists", "length": L, "ranges": [[lo, hi], ...]}` (run those list map steps
    /// again, with `repeats-<lo>.npy` where it exists, for lists of L), or `{"status": "tiles"}`
    /// (the lists would gather no less than S: run the tile map steps instead; never without `allowTiles`).
    static func check(_ job: EngineJob, maps: URL, allowTiles: Bool = true) throws -> JSONValue {
        let steps = try steps(job, maps: maps)
        let length = steps.map(\.asked).max() ?? 0
        func rerun(_ steps: [Step], length: Int) -> JSONValue {
            .object(["status": .string("lists"), "length": .int(length),
                     "ranges": .array(steps.map { .array([.int($0.rowOffset), .int($0.rowOffset + $0.rows)]) })])
        }
        let stale = try stale(job, maps: maps, steps: steps)
        if !stale.isEmpty { return rerun(stale, length: length) }
        do {
            _ = try EngineReduce.outcome(job, maps: maps)
            return .object(["status": .string("ok")])
        } catch let deeper as DeeperListsNeeded {
            let next = max(deeper.length, 2 * length, 1)
            // Lists (a float64 and an index an entry) cost no less than the float32 tiles of every checkpoint.
            if allowTiles, steps.count * next * 4 >= job.candidateCount * job.checkpoints.count { return .object(["status": .string("tiles")]) }
            return rerun(steps, length: next)
        }
    }
}
