/// Which targets the lazy greedy can still cover better (coverage.md §2.2). Target `i` is
/// saturated when `cur_i >= best_i`, its largest similarity among the unpicked candidates (or
/// when `best_i <= 0`, as `cur_i >= 0`). A round is over exactly when every target is saturated:
/// no unpicked `S[i, j]` then lies above its `cur_i`, every term of the gain loop (§2.1, strict
/// `>`) is skipped and every gain is exactly 0. Knowing this, the greedy ends a round without
/// proving the remaining candidates' gains 0 one by one, and leaves a saturated target's term out
/// of its upper bounds (the term is 0 for every unpicked candidate, however the bound rounds).
///
/// `best_i` comes from a short list per target: its `listLength` largest positive values among the
/// unpicked candidates, in descending order, taken from target-major S. A pick only moves the
/// heads of the lists past picked candidates; a list that runs out is rebuilt from the target's
/// row, unless it held every positive value of the row (then `best_i = 0`).
struct FacilityLocationSaturation {
    let targetCount: Int
    let candidateCount: Int
    let listLength: Int
    /// M x N, target-major: `S[i, j] = rows[i * N + j]` (the similarity matrix's own storage).
    private let rows: [Double]
    /// M lists of up to `listLength` entries (value, candidate), each in descending value order.
    private var values: [Double]
    private var candidates: [Int32]
    private var counts: [Int]
    private var heads: [Int]
    /// Whether target `i`'s list held every positive unpicked value of its row when it was built:
    /// a list that then runs out means `best_i = 0`.
    private var complete: [Bool]

    /// Every target's list, targets on the selection's threads (each list reads its own row).
    init(rows: [Double], targetCount m: Int, candidateCount n: Int, listLength: Int = 64, pool: WorkerPool) throws {
        precondition(listLength >= 1 && rows.count == m * n, "FacilityLocationSaturation needs M x N rows and a list")
        let l = listLength
        var values = [Double](repeating: 0, count: m * l)
        var candidates = [Int32](repeating: 0, count: m * l)
        var counts = [Int](repeating: 0, count: m)
        var complete = [Bool](repeating: true, count: m)
        let none = [Bool](repeating: false, count: n)
        try rows.withUnsafeBufferPointer { r in
            try none.withUnsafeBufferPointer { s in
                try values.withUnsafeMutableBufferPointer { v in
                    try candidates.withUnsafeMutableBufferPointer { c in
                        try counts.withUnsafeMutableBufferPointer { count in
                            try complete.withUnsafeMutableBufferPointer { done in
                                let (rb, sb, vb, cb, countb, doneb) = (r.baseAddress!, s.baseAddress!, v.baseAddress!, c.baseAddress!, count.baseAddress!, done.baseAddress!)
                                try pool.forEach(m) { i, _ in
                                    (countb[i], doneb[i]) = Self.largest(row: rb + i * n, count: n, selected: sb, keep: l, values: vb + i * l, candidates: cb + i * l)
                                }
                            }
                        }
                    }
                }
            }
        }
        self.targetCount = m
        self.candidateCount = n
        self.listLength = l
        self.rows = rows
        self.values = values
        self.candidates = candidates
        self.counts = counts
        self.heads = [Int](repeating: 0, count: m)
        self.complete = complete
    }

    /// `best_i`: the largest unpicked similarity of target `i`, or 0 when none is positive.
    @inline(__always)
    func best(_ i: Int) -> Double {
        heads[i] < counts[i] ? values[i * listLength + heads[i]] : 0
    }

    /// `best(i)` of every target.
    var bests: [Double] { (0..<targetCount).map(best) }

    /// After a pick (`selected` already marks it): moves every list's head past picked candidates
    /// and rebuilds a list that ran out.
    mutating func remove(selected: UnsafePointer<Bool>) {
        let (n, l) = (candidateCount, listLength)
        for i in 0..<targetCount {
            let base = i * l
            while heads[i] < counts[i] && selected[Int(candidates[base + heads[i]])] { heads[i] += 1 }
            guard heads[i] == counts[i] && !complete[i] else { continue }
            rows.withUnsafeBufferPointer { r in
                values.withUnsafeMutableBufferPointer { v in
                    candidates.withUnsafeMutableBufferPointer { c in
                        (counts[i], complete[i]) = Self.largest(
                            row: r.baseAddress! + i * n, count: n, selected: selected, keep: l,
                            values: v.baseAddress! + base, candidates: c.baseAddress! + base)
                    }
                }
            }
            heads[i] = 0
        }
    }

    /// The `keep` largest positive values of `row` among the unpicked candidates, written in
    /// descending order (a min-heap of the kept entries while scanning, then sorted). Returns how
    /// many were written and whether that was every positive unpicked value.
    private static func largest(
        row: UnsafePointer<Double>, count n: Int, selected: UnsafePointer<Bool>, keep l: Int,
        values: UnsafeMutablePointer<Double>, candidates: UnsafeMutablePointer<Int32>
    ) -> (count: Int, complete: Bool) {
        var heap: [(value: Double, candidate: Int32)] = []
        heap.reserveCapacity(l)
        var positives = 0
        // Every positive unpicked value is counted, without a branch (whether a value is positive
        // and unpicked is a coin toss on real rows); only values above the heap's smallest (0
        // until it is full) take the rare branch into the heap.
        var threshold = 0.0
        let picked = UnsafeRawPointer(selected)
        for j in 0..<n {
            let v = row[j]
            let live = (v > 0 ? 1 : 0) & Int(1 ^ picked.load(fromByteOffset: j, as: UInt8.self))
            positives += live
            guard v > threshold && live == 1 else { continue }
            defer { if heap.count == l { threshold = heap[0].value } }
            if heap.count < l {
                heap.append((row[j], Int32(j)))
                var e = heap.count - 1
                while e > 0 && heap[(e - 1) / 2].value > heap[e].value {
                    heap.swapAt((e - 1) / 2, e)
                    e = (e - 1) / 2
                }
            } else {
                heap[0] = (row[j], Int32(j))
                var e = 0
                while true {
                    var smallest = e
                    for child in [2 * e + 1, 2 * e + 2] where child < l && heap[child].value < heap[smallest].value { smallest = child }
                    if smallest == e { break }
                    heap.swapAt(smallest, e)
                    e = smallest
                }
            }
        }
        heap.sort { $0.value > $1.value }
        for (slot, entry) in heap.enumerated() {
            values[slot] = entry.value
            candidates[slot] = entry.candidate
        }
        return (heap.count, positives <= l)
    }
}
