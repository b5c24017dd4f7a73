extension RoundRobinSelector: ColumnSelector {
    /// round_robin on S read in column blocks (a sharded run's reduce, which holds per-target lists,
    /// never M x N): each target's queue starts as its exact top list of `rounds`' initial length
    /// from one pass over the blocks; a queue that runs out of its list gets one twice as long from
    /// a pass over that target's row alone (the exactness check and re-request of
    /// docs/scaling.md). The lists are the prefixes `RoundRobinQueue` sorts from the whole row, so
    /// the picks, scores and pickers are `select`'s.
    public static func select(columns s: any SimilarityColumns, budget: Budget?, parameters: Parameters, control: SelectionControl) throws -> SelectionResult {
        try parameters.rejectUnknown(allowed: allowedParameters)
        let (m, n) = (s.targetCount, s.candidateCount)
        let k = try SimilarityRequest.resolveBudget(budget, candidateCount: n)
        guard k > 0, m > 0 else { return SelectionResult(order: [], scores: [], pickedBy: []) }
        let initialLength = Self.initialLength(k: k, m: m, n: n)
        var lists = try s.topLists(targets: Array(0..<m), length: initialLength, byDistance: false)
        var positions = [Int](repeating: 0, count: m)
        var used = [Bool](repeating: false, count: n)
        var (order, scores, pickedBy) = ([Int](), [Double](), [Int]())
        var i = 0
        turns: while order.count < k {
            if order.count % 1024 == 0 {
                try control.checkCancelled()
                control.progress(methodName, order.count, k)
            }
            while true {
                while positions[i] < lists[i].count {
                    let entry = lists[i][positions[i]]
                    positions[i] += 1
                    if !used[entry.index] {
                        used[entry.index] = true
                        order.append(entry.index)
                        scores.append(entry.score)
                        pickedBy.append(i)
                        i = (i + 1) % m
                        continue turns
                    }
                }
                if lists[i].count == n { break turns }
                lists[i] = try s.topLists(targets: [i], length: min(n, max(initialLength, 2 * lists[i].count)), byDistance: false)[0]
            }
        }
        control.progress(methodName, order.count, k)
        return SelectionResult(order: order, scores: scores, pickedBy: pickedBy)
    }
}
