/// The rows of tiles that straddle source blocks, and how one block's work splits into pieces
/// (`TilePiece`). Two gather buffers: the tile a block's head rows complete is multiplied during
/// the block's parallel step while its tail rows already fill the other buffer.
struct TileGather {
    let capacity: Int
    let dim: Int
    /// Two tiles of rows; allocated on first use (blocks aligned to tiles never need it).
    private var buffers: [Float] = []
    private var slot = 0
    /// The first row of the tile being gathered and how many of its rows are in.
    private var tileStart = 0
    private var filled = 0

    init(capacity: Int, dim: Int) {
        self.capacity = capacity
        self.dim = dim
    }

    /// The pieces of the block `start..<start + rows` (rows at `block`), in row order: its head
    /// rows complete the tile being gathered (or only extend it), then whole tiles in place, then
    /// the tail rows, which start the next gathered tile. Copies the head and tail rows.
    mutating func plan(block: UnsafePointer<Float>, start: Int, rows: Int) -> [TilePiece] {
        let (cap, end) = (capacity, start + rows)
        var pieces: [TilePiece] = []
        let headEnd = min(end, (start + cap - 1) / cap * cap)
        if headEnd > start {
            append(block, rows: headEnd - start)
            if filled == cap {
                pieces.append(.gathered(tileStart: tileStart, slot: slot, head: start..<headEnd))
                slot ^= 1
                filled = 0
            } else {
                pieces.append(.scan(start..<headEnd))
            }
        }
        var t = headEnd
        while t + cap <= end {
            pieces.append(.inPlace(tileStart: t))
            t += cap
        }
        if t < end {
            tileStart = t
            append(block + (t - start) * dim, rows: end - t)
            pieces.append(.scan(t..<end))
        }
        return pieces
    }

    /// The partly gathered last tile, its unused rows zeroed (so the GEMM shape stays), or nil.
    mutating func finish() -> (tileStart: Int, used: Int, slot: Int)? {
        guard filled > 0 else { return nil }
        let (d, used, base) = (dim, filled, slot * capacity * dim)
        buffers.withUnsafeMutableBufferPointer { b in
            (b.baseAddress! + base + used * d).update(repeating: 0, count: (capacity - used) * d)
        }
        filled = 0
        return (tileStart, used, slot)
    }

    /// The rows of gather buffer `slot` (`capacity x dim`). Valid until the next `plan` but one.
    func rows(_ slot: Int) -> UnsafePointer<Float> {
        buffers.withUnsafeBufferPointer { $0.baseAddress! + slot * capacity * dim }
    }

    private mutating func append(_ rows: UnsafePointer<Float>, rows count: Int) {
        if buffers.isEmpty { buffers = [Float](repeating: 0, count: 2 * capacity * dim) }
        let at = (slot * capacity + filled) * dim
        buffers.withUnsafeMutableBufferPointer { b in
            (b.baseAddress! + at).update(from: rows, count: count * dim)
        }
        filled += count
    }
}

/// One task of a block's parallel step in `SimilarityTile.stream`.
enum TilePiece {
    /// Scan rows only (the head or tail of a block that does not complete a tile).
    case scan(Range<Int>)
    /// Scan and multiply the whole tile starting at `tileStart`, where it lies in the block.
    case inPlace(tileStart: Int)
    /// Scan the block's `head` rows, then multiply the completed tile in gather buffer `slot`.
    case gathered(tileStart: Int, slot: Int, head: Range<Int>)
}
