import Foundation
import Selection

/// `shortlist engine sinkhorn-block --rows lo:hi`: one party of uot's Sinkhorn rounds in a
/// sharded run, a long-running process the driver keeps per row range (a Ray actor's
/// subprocess). It reads and scans its rows of every checkpoint and sends their fingerprints
/// (`hello`); on `load` (every repeated row of its range, found by the coordinator from all
/// ranges' fingerprints) it builds S over its rows as the local pass does (`RangeRows`), turns
/// it into its kernel columns (`UOTKernelBlock`: M x (hi - lo) float64, kept in memory; S
/// itself goes to an unlinked scratch file on the worker's disk) and answers `ready`; then it
/// answers each `round` and `masses` request from its kernel, and `quality` (the selection's
/// coverage figures over its columns) from S, until its input ends. Requests are self-contained (`UOTKernelBlock`), so a process started afresh (its
/// worker died) answers the same after `load`. `lo` is a multiple of the row block
/// (`UOTSolver.rowBlockColumns`), `hi` too or the last candidate.
public struct EngineSinkhornBlock {
    let job: EngineJob
    let range: Range<Int>
    let workers: Int
    private var rows: RangeRows?
    private var kernel: UOTKernelBlock?
    /// S over the rows, kept on this worker's disk for the `quality` figures.
    private var similarity: ScratchSimilarity?

    /// Reads and scans the rows (the `hello` is `fingerprints`).
    init(_ job: EngineJob, rows range: Range<Int>, workers: Int) throws {
        guard job.method == "uot", job.targetCount > 0 else { throw EngineError("method \(job.method) has no Sinkhorn rounds") }
        let (n, block) = (job.candidateCount, UOTSolver.rowBlockColumns(candidateCount: job.candidateCount))
        guard range.lowerBound >= 0, range.upperBound <= n, !range.isEmpty, range.lowerBound % block == 0,
              range.upperBound == n || range.upperBound % block == 0 else {
            throw EngineError("rows \(range.lowerBound)..<\(range.upperBound) do not lie on uot's row blocks of \(block) in a pool of \(n)")
        }
        self.job = job
        self.range = range
        self.workers = workers
        rows = try RangeRows(job, range: range)
    }

    var hello: SinkhornFrame { .hello(fingerprints: rows?.fingerprints ?? []) }

    /// The answer to one request.
    mutating func answer(_ request: SinkhornFrame) throws -> SinkhornFrame {
        switch request {
        case .load(let repeats):
            if kernel == nil { try load(repeats) }
            return .ready
        case let .round(uPrev, u):
            guard kernel != nil else { throw EngineError("a round before the load") }
            try check(uPrev)
            try check(u)
            return .reply(try kernel!.round(uPrev: uPrev, u: u))
        case let .masses(u, onesV):
            guard kernel != nil else { throw EngineError("masses before the load") }
            try check(u)
            return .mass(try kernel!.masses(u: u, onesV: onesV))
        case .quality(let selected):
            guard let similarity else { throw EngineError("quality before the load") }
            return .figures(try similarity.coverage(selected: selected.filter(range.contains).map { $0 - range.lowerBound }))
        default:
            throw EngineError("a block process does not answer a \(request.name) frame")
        }
    }

    private func check(_ u: [Double]?) throws {
        guard let u, u.count != job.targetCount else { return }
        throw EngineError("a round's u holds \(u.count) values, not \(job.targetCount)")
    }

    private mutating func load(_ repeats: [UInt64]) throws {
        guard let rows else { return }
        let pairs = try EngineListMap.repeats(repeats, range: range, checkpoints: job.checkpoints.count, source: "the load frame")
        let m = job.targetCount
        var s = [Double](repeating: 0, count: m * range.count)
        var scratch = try ScratchSimilarity(targets: m, directory: NSTemporaryDirectory())
        try rows.forEachSimilarityBlock(pairs: pairs) { start, width, block in
            try scratch.append(block, columns: width)
            for i in 0..<m {
                let to = i * range.count + start - range.lowerBound
                s.replaceSubrange(to..<(to + width), with: block[(i * width)..<((i + 1) * width)])
            }
        }
        self.rows = nil
        similarity = scratch
        let request = try SelectionRequest.parse(job.request)
        kernel = try UOTKernelBlock(
            similarity: &s, targets: m, columns: range, candidateCount: job.candidateCount,
            parameters: try UOTParameters(request.parameters), rowBlock: UOTSolver.rowBlockColumns(candidateCount: job.candidateCount),
            pool: WorkerPool(width: workers))
    }

    /// The process: `hello` on `output`, then one answer per request on `input` until it ends.
    public static func serve(_ job: EngineJob, rows range: Range<Int>, workers: Int, input: Int32, output: Int32) throws {
        var block = try EngineSinkhornBlock(job, rows: range, workers: workers)
        try block.hello.write(to: output)
        while let request = try SinkhornFrame.read(from: input) {
            try block.answer(request).write(to: output)
        }
    }
}
