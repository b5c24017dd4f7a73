import LinearAlgebra

/// The first stage (docs/methods/exemplars.md §4): the exact float32 inner product of the query with
/// every allowed pool row, and the top `m` by `(ip desc, pool index asc)`.
public enum ExemplarFirstStage {
    /// Rows handed to the interleaved kernel at once, and rows between cancellation checks.
    static let interleave = 8
    static let rowsPerCheck = 4096

    /// `ip_p` for each `p` in `rows`, aligned with `rows`. Eight rows are summed side by side
    /// (independent chains, each still sequential in `t`), which is what makes the exact loop
    /// fast: one chain is bound by the add latency, eight keep the adder busy.
    public static func innerProducts(
        query: UnsafePointer<Float>, pool: UnsafePointer<Float>, dim d: Int, rows: [Int], control: SelectionControl = .none
    ) throws -> [Float] {
        var out = [Float](repeating: 0, count: rows.count)
        try out.withUnsafeMutableBufferPointer { ip in
            var i = 0
            while i < rows.count {
                if i % rowsPerCheck == 0 { try control.checkCancelled() }
                if i + interleave <= rows.count {
                    eightRows(query: query, pool: pool, dim: d, rows: rows, from: i, into: ip.baseAddress! + i)
                    i += interleave
                } else {
                    ip[i] = ExemplarDot.float(query, pool + rows[i] * d, count: d)
                    i += 1
                }
            }
        }
        return out
    }

    @inline(__always)
    static func eightRows(
        query q: UnsafePointer<Float>, pool: UnsafePointer<Float>, dim d: Int, rows: [Int], from i: Int,
        into out: UnsafeMutablePointer<Float>
    ) {
        let p0 = pool + rows[i] * d, p1 = pool + rows[i + 1] * d, p2 = pool + rows[i + 2] * d, p3 = pool + rows[i + 3] * d
        let p4 = pool + rows[i + 4] * d, p5 = pool + rows[i + 5] * d, p6 = pool + rows[i + 6] * d, p7 = pool + rows[i + 7] * d
        var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
        var s4: Float = 0, s5: Float = 0, s6: Float = 0, s7: Float = 0
        for t in 0..<d {
            let qt = q[t]
            s0 += qt * p0[t]; s1 += qt * p1[t]; s2 += qt * p2[t]; s3 += qt * p3[t]
            s4 += qt * p4[t]; s5 += qt * p5[t]; s6 += qt * p6[t]; s7 += qt * p7[t]
        }
        out[0] = s0; out[1] = s1; out[2] = s2; out[3] = s3
        out[4] = s4; out[5] = s5; out[6] = s6; out[7] = s7
    }

    /// The best `m` of `(ip, pool index)` pairs, best first, ties to the lower pool index.
    /// A sorted buffer specialised to Float: after the first m rows almost
    /// every row is rejected by one comparison with the current m-th best.
    public static func top(m: Int, rows: [Int], innerProducts ip: [Float]) -> [(index: Int, ip: Float)] {
        guard m > 0 else { return [] }
        var kept: [(index: Int, ip: Float)] = []
        kept.reserveCapacity(m + 1)
        for (r, p) in rows.enumerated() {
            let v = ip[r]
            if kept.count == m, !Ranking.precedes(v, p, kept[m - 1].ip, kept[m - 1].index) { continue }
            var slot = kept.count
            while slot > 0, Ranking.precedes(v, p, kept[slot - 1].ip, kept[slot - 1].index) { slot -= 1 }
            kept.insert((index: p, ip: v), at: slot)
            if kept.count > m { kept.removeLast() }
        }
        return kept
    }
}
