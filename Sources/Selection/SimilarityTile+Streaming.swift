import LinearAlgebra

extension SimilarityTile {
    /// Streams every candidate block of `checkpoint` through the tile, which is how both the
    /// similarity pass and GIST's projection read candidates: each block's shape and position are
    /// checked, each row is scanned once (`scan`: fingerprint, squared norm, finiteness) and its
    /// fingerprint recorded in `repeats`, `keepNorm` sees the row's squared norm, then the block is
    /// fed and `afterBlock(start, rows)` runs. `store` receives every completed tile, the last one
    /// padded. Throws `non_finite_input` naming the row, and `cancelled` between blocks.
    mutating func stream<Norm>(
        _ checkpoint: SelectionCheckpoint, blockRows: Int, control: SelectionControl,
        scan: (UnsafePointer<Float>, Int) -> (fingerprint: RowFingerprint, squaredNorm: Norm)?,
        repeats: inout RowRepeats, keepNorm: (_ row: Int, _ squaredNorm: Norm) -> Void,
        afterBlock: (_ start: Int, _ rows: Int) -> Void,
        store: (Int, Int, UnsafeBufferPointer<Float>) -> Void
    ) throws {
        let d = dim  // what the GEMM multiplies; validation made the candidates' dim equal to it
        try checkpoint.candidates.forEachBlock(maxRows: max(1, blockRows)) { start, rows, raw in
            try control.checkCancelled()
            guard raw.count == rows * d, start == next, let base = raw.baseAddress else {
                throw SelectionError(.shapeMismatch, "candidate block at row \(start) holds \(raw.count) values for \(rows) rows of d = \(d)", parameter: "candidates")
            }
            for row in 0..<rows {
                guard let scanned = scan(base + row * d, d) else {
                    throw SelectionError(.nonFiniteInput, "candidate \(start + row) of checkpoint \(checkpoint.label) contains NaN or Inf", parameter: "candidates")
                }
                repeats.record(scanned.fingerprint, row: start + row)
                keepNorm(start + row, scanned.squaredNorm)
            }
            feed(base, rows: rows, store)
            afterBlock(start, rows)
        }
        finish(store)
    }
}
