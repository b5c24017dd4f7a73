import Foundation
import LinearAlgebra

extension Sinkhorn {
    /// `out_r = -ε * LSE_c( h_c - M[r, c] / ε )` over the rows of `matrix` (rows x cols), where
    /// `h = logWeights + shift / ε` (`shift` nil: `h = logWeights`). One row at a time through
    /// contiguous buffers: every loop below is a plain elementwise pass the compiler vectorises,
    /// and the only transcendental work is one vector exp pass (`VectorExp`) per row and one `log`.
    func softmin(
        _ eps: Double, potentials logWeights: [Double], shift: [Double]?, matrix: [Double], rows: Int, cols: Int,
        scratch: inout [Double], h: inout [Double]
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
                scratch.withUnsafeMutableBufferPointer { v in
                    for r in 0..<rows {
                        let row = mp.baseAddress! + r * cols
                        for c in 0..<cols { v[c] = hp[c] - row[c] / eps }
                        out[r] = -eps * Self.logSumExp(v.baseAddress!, count: cols)
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
