/// `round_robin` (selection.md §4): queries take turns `0, 1, ..., M-1, 0, ...`, each taking its most
/// similar candidate not yet taken. Prefix-stable; `M > N` leaves the later queries without a turn.
public enum RoundRobinSelector: Selector {
    public static let method = MethodDescription(
        name: "round_robin", summary: "each target in turn takes its most similar candidate not yet taken")

    public static func select(
        _ input: SelectionInput, budget: Budget?, parameters: Parameters, seed: UInt64?, control: SelectionControl
    ) throws -> SelectionResult {
        try parameters.rejectUnknown(allowed: allowedParameters)
        let request = try SimilarityRequest.prepare(input, budget: budget, control: control)
        let picks = try rounds(request.similarity, k: request.k, pool: request.pool, control: control)
        let s = request.similarity
        return SelectionResult(
            order: picks.order,
            scores: zip(picks.pickedBy, picks.order).map { s[$0, $1] },
            pickedBy: picks.pickedBy, similarity: s)
    }

    /// The first `k` picks and who made them.
    static func rounds(_ s: SimilarityMatrix, k: Int, pool: WorkerPool, control: SelectionControl) throws -> (order: [Int], pickedBy: [Int]) {
        let m = s.targetCount
        let n = s.candidateCount
        guard k > 0, m > 0 else { return ([], []) }
        let initialLength = Self.initialLength(k: k, m: m, n: n)
        // Each query's first sorted prefix is its own row's: one task per query.
        var queues = try pool.map(m) { target, _ in
            try control.checkCancelled()
            return RoundRobinQueue(target: target, in: s, initialLength: initialLength)
        }
        var used = [Bool](repeating: false, count: n)
        var order: [Int] = []
        var pickedBy: [Int] = []
        order.reserveCapacity(k)
        pickedBy.reserveCapacity(k)
        var i = 0
        while order.count < k {
            if order.count % 1024 == 0 {
                try control.checkCancelled()
                control.progress(methodName, order.count, k)
            }
            // k <= N guarantees an unused candidate exists for whichever query has the turn.
            guard let j = queues[i].next(in: s, used: used, initialLength: initialLength) else { break }
            used[j] = true
            order.append(j)
            pickedBy.append(i)
            i = (i + 1) % m
        }
        control.progress(methodName, order.count, k)
        return (order, pickedBy)
    }
}
