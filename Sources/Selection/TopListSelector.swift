/// A column selector whose reduce reads S only through per-target top lists (round_robin,
/// knn_uniform) and `coverage`: a sharded run's map steps can rank those lists over their rows
/// (`TopListAccumulator`) and the driver merge them (`MergedTopLists`) instead of gathering S.
public protocol TopListSelector: ColumnSelector {
    /// Whether the lists rank by distance `1 - S` (knn_uniform) rather than by S.
    static var ranksByDistance: Bool { get }
    /// The length of the lists `select(columns:)` asks for first.
    static func initialListLength(budget: Budget?, parameters: Parameters, targetCount: Int, candidateCount: Int) throws -> Int
}

extension RoundRobinSelector: TopListSelector {
    public static var ranksByDistance: Bool { false }

    public static func initialListLength(budget: Budget?, parameters: Parameters, targetCount m: Int, candidateCount n: Int) throws -> Int {
        initialLength(k: try SimilarityRequest.resolveBudget(budget, candidateCount: n), m: m, n: n)
    }

    /// Each query makes about k/M picks; twice that plus slack absorbs most contention.
    static func initialLength(k: Int, m: Int, n: Int) -> Int {
        m > 0 ? min(n, 2 * ((k + m - 1) / m) + 8) : 0
    }
}

extension KNNUniformSelector: TopListSelector {
    public static var ranksByDistance: Bool { true }

    public static func initialListLength(budget: Budget?, parameters: Parameters, targetCount: Int, candidateCount n: Int) throws -> Int {
        min(try KNNUniformParameters(parameters).neighbours, n)
    }
}
