import Selection

/// Stands in for a text source while a request is validated (as `ProbeRowSource` does for rows):
/// the real count, and a refusal to be read once validation reaches the streaming passes.
struct ProbeTextSource: TextSource {
    let count: Int

    func texts(_ range: Range<Int>) throws -> [String] {
        throw ProbeRowSource.ReachedRows()
    }
}
