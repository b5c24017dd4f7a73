extension SimilarityTile {
    /// The rows of a map step's shard of `values` floats: checks that they are whole rows of
    /// `dim`, the GEMM's dimension `expected` (`what` names its other operand in the error).
    static func shardRowCount(_ values: Int, dim: Int, expected: Int, what: String, label: String) throws -> Int {
        let count = dim > 0 ? values / dim : 0
        guard dim > 0, dim == expected, values == count * dim else {
            throw SelectionError(.shapeMismatch, "checkpoint \(label): a shard of \(values) values for d = \(dim), \(what)", parameter: "candidates")
        }
        return count
    }

    /// Checks a map step's output: `values` of `rowCount` rows x `width` and two fingerprint
    /// words a row (`what` names the values in the error).
    static func checkShardOutput(rowOffset: Int, rowCount: Int, width: Int, values: Int, fingerprints: Int, what: String) throws {
        guard rowOffset >= 0, rowCount >= 0, width >= 0, values == width * rowCount, fingerprints == 2 * rowCount else {
            throw SelectionError(.shapeMismatch, "a shard of \(rowCount) rows and \(width) \(what) holds \(values) cosines and \(fingerprints) fingerprint words", parameter: "candidates")
        }
    }

    /// Checks that a map step's shard of `count` rows at `rowOffset`, of a pool of `n`, starts on
    /// a tile of this shape and on a multiple of `alignment` (another fixed partition of the
    /// local pass), and ends on both or at the pool's end, so that its GEMMs are the local pass's.
    func checkShard(rowOffset: Int, count: Int, candidateCount n: Int, alignment: Int = 1, label: String) throws {
        let step = max(capacity, alignment)
        guard rowOffset % capacity == 0, rowOffset % alignment == 0, rowOffset + count <= n,
              rowOffset + count == n || (count % capacity == 0 && count % alignment == 0) else {
            throw SelectionError(.shapeMismatch, "checkpoint \(label): the shard of rows \(rowOffset)..<\(rowOffset + count) of \(n) does not lie on tiles of \(step) rows", parameter: "candidates")
        }
    }

    /// Every row of a map step's shard (`count` rows of `dim` at `base`, the first being global
    /// row `rowOffset`) scanned once: its squared norm and its fingerprint (two words a row).
    /// Throws `non_finite_input` naming the first bad row by its global index.
    static func scanShard<Norm>(
        _ base: UnsafePointer<Float>, count: Int, dim: Int, rowOffset: Int, label: String, zero: Norm,
        scan: (UnsafePointer<Float>, Int) -> (fingerprint: RowFingerprint, squaredNorm: Norm)?
    ) throws -> (squaredNorms: [Norm], fingerprints: [UInt64]) {
        var norms = [Norm](repeating: zero, count: count)
        var prints = [UInt64](repeating: 0, count: 2 * count)
        for row in 0..<count {
            guard let scanned = scan(base + row * dim, dim) else {
                throw SelectionError(.nonFiniteInput, "candidate \(rowOffset + row) of checkpoint \(label) contains NaN or Inf", parameter: "candidates")
            }
            norms[row] = scanned.squaredNorm
            prints[2 * row] = scanned.fingerprint.high
            prints[2 * row + 1] = scanned.fingerprint.low
        }
        return (norms, prints)
    }

    /// Multiplies a shard's `count` rows at `base` tile by tile from its first row (which
    /// `checkShard` put on a tile boundary), the pool's last tile padded with zero rows as the
    /// local pass pads it; `body(start, used, product)` receives each tile's `M x capacity`
    /// product, `start` counted from the shard's first row.
    func multiplyShard(_ base: UnsafePointer<Float>, count: Int, _ body: (_ start: Int, _ used: Int, _ product: UnsafePointer<Float>) -> Void) {
        var product = [Float](repeating: 0, count: productCount)
        product.withUnsafeMutableBufferPointer { p in
            var start = 0
            while start < count {
                let used = min(capacity, count - start)
                if used == capacity {
                    multiply(base + start * dim, into: p.baseAddress!)
                } else {
                    var padded = [Float](repeating: 0, count: capacity * dim)
                    padded.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: base + start * dim, count: used * dim) }
                    padded.withUnsafeBufferPointer { multiply($0.baseAddress!, into: p.baseAddress!) }
                }
                body(start, used, p.baseAddress!)
                start += capacity
            }
        }
    }
}
