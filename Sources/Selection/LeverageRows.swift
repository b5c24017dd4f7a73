import LinearAlgebra

/// The rows `x_j` of coverage.md §3.1: for each checkpoint with a positive weight, in checkpoint
/// order, `sqrt(w_t) * Double(ĉ_t,j)` with `ĉ` the float32-normalised candidate row; length
/// `D = Σ d_t`. Each row depends on its own values only (normalised by itself, then widened), so
/// identical candidates give identical rows wherever they sit.
///
/// One checkpoint is streamed from its source on every pass. Several checkpoints are read once
/// and kept normalised in float32 (their sources stream independently, and a row needs all of
/// them at once).
struct LeverageRows {
    let candidateCount: Int
    let blockRows: Int
    /// D, the length of a row.
    let dim: Int
    private var parts: [Part]

    private struct Part {
        let checkpoint: SelectionCheckpoint
        let scale: Double
        let offset: Int
        /// N x d normalised rows, when the checkpoint is not streamed.
        var normalized: [Float]?
    }

    static let rowsPerTask = 256

    init(_ input: SelectionInput, weights: [Double]) {
        var parts: [Part] = []
        var offset = 0
        for (checkpoint, w) in zip(input.checkpoints, weights) where w > 0 {
            parts.append(Part(checkpoint: checkpoint, scale: w.squareRoot(), offset: offset, normalized: nil))
            offset += checkpoint.candidates.dim
        }
        self.parts = parts
        dim = offset
        candidateCount = input.candidateCount
        blockRows = input.blockRows
    }

    /// Reads and normalises every checkpoint when there are several (see the type comment).
    mutating func prepare(pool: WorkerPool, control: SelectionControl) throws {
        guard parts.count > 1 else { return }
        for p in parts.indices {
            let d = parts[p].checkpoint.candidates.dim
            var rows = [Float](repeating: 0, count: candidateCount * d)
            try rows.withUnsafeMutableBufferPointer { out in
                let base = out.baseAddress!
                try Self.normalizedBlocks(parts[p].checkpoint, blockRows: blockRows, pool: pool, control: control) { start, count, values in
                    (base + start * d).update(from: values, count: count * d)
                }
            }
            parts[p].normalized = rows
        }
    }

    /// `body(start, rows, x)` for consecutive blocks of rows, `x` holding `rows * dim` float64
    /// values (valid during the call).
    func forEachBlock(
        pool: WorkerPool, control: SelectionControl,
        _ body: (_ start: Int, _ rows: Int, _ x: UnsafePointer<Double>) throws -> Void
    ) throws {
        let d = dim
        var x = [Double](repeating: 0, count: min(blockRows, candidateCount) * d)
        try x.withUnsafeMutableBufferPointer { xb in
            let xp = xb.baseAddress!
            if parts.count == 1, let part = parts.first {
                try Self.normalizedBlocks(part.checkpoint, blockRows: blockRows, pool: pool, control: control) { start, rows, values in
                    for t in 0..<(rows * d) { xp[t] = part.scale * Double(values[t]) }
                    try body(start, rows, xp)
                }
                return
            }
            var start = 0
            while start < candidateCount {
                try control.checkCancelled()
                let rows = min(blockRows, candidateCount - start)
                for part in parts {
                    let width = part.checkpoint.candidates.dim
                    part.normalized!.withUnsafeBufferPointer { src in
                        for r in 0..<rows {
                            let from = src.baseAddress! + (start + r) * width
                            let to = xp + r * d + part.offset
                            for t in 0..<width { to[t] = part.scale * Double(from[t]) }
                        }
                    }
                }
                try body(start, rows, xp)
                start += rows
            }
        }
    }

    /// One checkpoint's candidate blocks with every row normalised in float32 (row ranges on the
    /// pool's threads); a NaN/Inf names the lowest bad candidate.
    private static func normalizedBlocks(
        _ checkpoint: SelectionCheckpoint, blockRows: Int, pool: WorkerPool, control: SelectionControl,
        _ body: (_ start: Int, _ rows: Int, _ values: UnsafePointer<Float>) throws -> Void
    ) throws {
        let d = checkpoint.candidates.dim
        var scratch = [Float](repeating: 0, count: min(blockRows, checkpoint.candidates.rowCount) * d)
        try scratch.withUnsafeMutableBufferPointer { sb in
            let sp = sb.baseAddress!
            try checkpoint.candidates.forEachBlock(maxRows: blockRows) { start, rows, values in
                try control.checkCancelled()
                let ranges = WorkerPool.ranges(rows, size: rowsPerTask)
                try pool.forEach(ranges.count) { task, _ in
                    for r in ranges[task] {
                        let row = sp + r * d
                        for t in 0..<d {
                            let v = values[r * d + t]
                            guard v.isFinite else {
                                throw SelectionError(.nonFiniteInput, "candidate \(start + r) of checkpoint \(checkpoint.label) contains NaN or Inf", parameter: "candidates")
                            }
                            row[t] = v
                        }
                        RowNormalization.normalize(row, count: d)
                    }
                }
                try body(start, rows, sp)
            }
        }
    }
}
