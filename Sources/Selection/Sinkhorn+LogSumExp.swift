import Foundation
import LinearAlgebra

extension Sinkhorn {
    /// `out_r = -ε * LSE_c( h_c - M[r, c] / ε )` over the rows of `matrix` (rows x cols), where
    /// `h = logWeights + shift / ε` (`shift` nil: `h = logWeights`). One row at a time through
    /// contiguous buffers: every loop below is a plain elementwise pass the compiler vectorises,
    /// and the only transcendental work is one vector exp pass (`VectorExp`) per row and one `log`.
    /// Rows are independent: with `pool` they run over `forEachRowRange`'s fixed partition, each
    /// worker in its own `cols` floats of `scratch` (pool width x cols).
    func softmin(
        _ eps: Double, potentials logWeights: [Double], shift: [Double]?, matrix: [Double], rows: Int, cols: Int,
        scratch: inout [Double], h: inout [Double], pool: WorkerPool? = nil
    ) -> [Double] {
        var out = [Double](repeating: 0, count: rows)
        logWeights.withUnsafeBufferPointer { lw in
            h.withUnsafeMutableBufferPointer { hp in
                if let shift {
                    shift.withUnsafeBufferPointer { s in
                        for c in 0..<cols { hp[c] = lw[c] + s[c] / eps }
                    }
                } else {
                    for c in 0..<cols { hp[c] = lw[c] }
                }
            }
        }
        matrix.withUnsafeBufferPointer { mp in
            h.withUnsafeBufferPointer { hp in
                scratch.withUnsafeMutableBufferPointer { scratchAll in
                    out.withUnsafeMutableBufferPointer { op in
                        Self.forEachRowRange(rows, pool: pool) { range, worker in
                            let v = scratchAll.baseAddress! + worker * cols
                            for r in range {
                                let row = mp.baseAddress! + r * cols
                                for c in 0..<cols { v[c] = hp[c] - row[c] / eps }
                                op[r] = -eps * Self.logSumExp(v, count: cols)
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// `vmax + ln Σ exp(v - vmax)`, stable; `v` is overwritten with `exp(v - vmax)`.
    @inline(__always)
    static func logSumExp(_ v: UnsafeMutablePointer<Double>, count: Int) -> Double {
        var vmax = -Double.infinity
        for c in 0..<count where v[c] > vmax { vmax = v[c] }
        for c in 0..<count { v[c] = v[c] - vmax }
        VectorExp.exp(v, into: v, count: count)
        var sum = 0.0
        for c in 0..<count { sum += v[c] }
        return vmax + log(sum)
    }
}
