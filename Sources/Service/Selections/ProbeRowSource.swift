import Selection

/// Stands in for the candidate rows while a request is validated: it has the real N and d but
/// refuses to be read, so running a method on it checks the method's parameters, budget, weights
/// and targets (everything it checks before streaming) without touching the candidates.
struct ProbeRowSource: RowBlockSource {
    /// Thrown on the first read: validation reached the streaming pass, so it passed.
    struct ReachedRows: Error {}

    let rowCount: Int
    let dim: Int

    func forEachBlock(
        maxRows: Int, _ body: (_ start: Int, _ rows: Int, _ values: UnsafeBufferPointer<Float>) throws -> Void
    ) throws {
        throw ReachedRows()
    }
}
