/// The filtered pool F (docs/methods/exemplars.md §4): pool indices not excluded, ascending.
public enum ExemplarFilter {
    /// F for a pool of `poolSize` rows without `exclude` (each in [0, N); duplicates ignored).
    public static func allowedIndices(poolSize: Int, excluding exclude: [Int]) throws -> [Int] {
        var keep = [Bool](repeating: true, count: max(poolSize, 0))
        for e in exclude {
            guard e >= 0, e < poolSize else {
                throw SelectionError(.invalidParameter, "exclude index \(e) is outside [0, \(poolSize))", parameter: "exclude")
            }
            keep[e] = false
        }
        return keep.indices.filter { keep[$0] }
    }

    /// Checks a caller-built F (e.g. a metadata filter): strictly ascending, inside the pool, non-empty.
    public static func validate(allowed: [Int], poolSize: Int) throws {
        var previous = -1
        for i in allowed {
            guard i > previous, i < poolSize else {
                throw SelectionError(.invalidParameter, "allowed pool indices must be strictly ascending and inside [0, \(poolSize))", parameter: "filter")
            }
            previous = i
        }
        guard !allowed.isEmpty else { throw SelectionError(.emptyInput, "the filtered pool is empty", parameter: "filter") }
    }
}
