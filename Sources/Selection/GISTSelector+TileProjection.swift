import LinearAlgebra

extension GISTSelector {
    /// The buffers that turn one full tile of raw candidates into weighted cosines.
    struct TileProjection {
        let rank: Int
        let groupCount: Int
        let weight: Double
        /// C x r targets transposed to r x C, the right operand of the per-row cosine product.
        let targetsByColumn: DoubleMatrix
        /// r x capacity: row l holds `<g_j, v_l>` for every tile slot j.
        var product: [Float]
        var row: [Float]
        var unit: [Double]
        var cosines: [Double]

        init(rank r: Int, capacity: Int, targets: DoubleMatrix, weight: Double) {
            rank = r
            groupCount = targets.rows
            self.weight = weight
            targetsByColumn = targets.transposed()
            product = [Float](repeating: 0, count: r * capacity)
            row = [Float](repeating: 0, count: r)
            unit = [Double](repeating: 0, count: r)
            cosines = [Double](repeating: 0, count: targets.rows)
        }

        /// Projects the tile's rows, adds `weight * cos` into their rows of `similarity`, empties the tile.
        mutating func flush(_ tile: inout SimilarityTile, basisByRow: Matrix, into similarity: inout [Double]) {
            tile.multiply(targets: basisByRow, into: &product)
            let (r, c, cap) = (rank, groupCount, tile.capacity)
            for slot in 0..<tile.filled {
                for l in 0..<r { row[l] = product[l * cap + slot] }
                row.withUnsafeBufferPointer { zp in
                    unit.withUnsafeMutableBufferPointer { up in
                        GISTSelector.normalizeProjection(g2: tile.squaredNorm(ofSlot: slot), projected: zp.baseAddress!, r: r, into: up.baseAddress!)
                    }
                }
                unit.withUnsafeBufferPointer { up in
                    targetsByColumn.values.withUnsafeBufferPointer { tp in
                        cosines.withUnsafeMutableBufferPointer { cp in
                            FixedOrderKernels.rowTimesMatrix(up.baseAddress!, k: r, tp.baseAddress!, n: c, into: cp.baseAddress!)
                        }
                    }
                }
                let base = (tile.start + slot) * c
                for g in 0..<c { similarity[base + g] += weight * cosines[g] }
            }
            tile.reset()
        }
    }
}
