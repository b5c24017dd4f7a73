import LinearAlgebra

extension SimilarityTile {
    /// One checkpoint's scan: every row's squared norm (global row index) and which rows repeat.
    struct Scan<Norm> {
        var squaredNorms: [Norm]
        var repeats: RowRepeats
    }

    /// Streams every candidate block of `checkpoint` through the tile, which is how both the
    /// similarity pass and GIST's projection read candidates: each block's shape and position are
    /// checked, each row is scanned once (`scan`: fingerprint, squared norm, finiteness), and the
    /// block's work runs as one parallel step on `pool` (`TilePiece`: whole tiles multiplied where
    /// they lie, the tile completed by the block's head rows, the scan of the rest). `store`
    /// receives every completed tile, on whichever worker multiplied it, after every row of that
    /// tile was scanned (`squaredNorms` is indexed by global row); distinct tiles may be stored
    /// concurrently, so `store` writes only the tile's own columns. Fingerprints are recorded in
    /// row order after each step, then `afterBlock(start, rows)` runs on the caller. Throws
    /// `non_finite_input` naming the first bad row, and `cancelled` between blocks.
    func stream<Norm>(
        _ checkpoint: SelectionCheckpoint, blockRows: Int, pool: WorkerPool, control: SelectionControl,
        scan: (UnsafePointer<Float>, Int) -> (fingerprint: RowFingerprint, squaredNorm: Norm)?, zero: Norm,
        afterBlock: (_ start: Int, _ rows: Int) -> Void,
        store: (_ tileStart: Int, _ used: Int, _ product: UnsafePointer<Float>, _ squaredNorms: UnsafePointer<Norm>) -> Void
    ) throws -> Scan<Norm> {
        let n = checkpoint.candidates.rowCount
        let (d, cap) = (dim, capacity)  // validation made the candidates' dim equal to the GEMM's
        var norms = [Norm](repeating: zero, count: n)
        var fingerprints = [RowFingerprint](repeating: RowFingerprint(high: 0, low: 0), count: n)
        var products = [Float](repeating: 0, count: pool.width * productCount)
        var gather = TileGather(capacity: cap, dim: d)
        var repeats = RowRepeats()
        var next = 0
        try norms.withUnsafeMutableBufferPointer { normOut in
            try fingerprints.withUnsafeMutableBufferPointer { printOut in
                try products.withUnsafeMutableBufferPointer { productSlots in
                    let (normBase, printBase, productBase) = (normOut.baseAddress!, printOut.baseAddress!, productSlots.baseAddress!)
                    func scanRows(_ rows: Range<Int>, of block: UnsafePointer<Float>, from start: Int) throws {
                        for row in rows {
                            guard let scanned = scan(block + (row - start) * d, d) else {
                                throw SelectionError(.nonFiniteInput, "candidate \(row) of checkpoint \(checkpoint.label) contains NaN or Inf", parameter: "candidates")
                            }
                            normBase[row] = scanned.squaredNorm
                            printBase[row] = scanned.fingerprint
                        }
                    }
                    try checkpoint.candidates.forEachBlock(maxRows: max(1, blockRows)) { start, rows, raw in
                        try control.checkCancelled()
                        guard raw.count == rows * d, start == next, let base = raw.baseAddress else {
                            throw SelectionError(.shapeMismatch, "candidate block at row \(start) holds \(raw.count) values for \(rows) rows of d = \(d)", parameter: "candidates")
                        }
                        let pieces = gather.plan(block: base, start: start, rows: rows)
                        try pool.forEach(pieces.count) { index, worker in
                            let product = productBase + worker * productCount
                            switch pieces[index] {
                            case let .scan(range):
                                try scanRows(range, of: base, from: start)
                            case let .inPlace(tileStart):
                                try scanRows(tileStart..<(tileStart + cap), of: base, from: start)
                                multiply(base + (tileStart - start) * d, into: product)
                                store(tileStart, cap, product, normBase)
                            case let .gathered(tileStart, slot, head):
                                try scanRows(head, of: base, from: start)
                                multiply(gather.rows(slot), into: product)
                                store(tileStart, cap, product, normBase)
                            }
                        }
                        for row in start..<(start + rows) { repeats.record(printBase[row], row: row) }
                        next = start + rows
                        afterBlock(start, rows)
                    }
                    if let last = gather.finish() {
                        multiply(gather.rows(last.slot), into: productBase)
                        store(last.tileStart, last.used, productBase, normBase)
                    }
                }
            }
        }
        return Scan(squaredNorms: norms, repeats: repeats)
    }
}
