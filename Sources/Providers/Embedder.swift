/// Anything that turns texts into vectors: the built-in hashing embedder or a remote endpoint.
public protocol Embedder: Sendable {
    /// What a feature set records as its embedder, e.g. "hashing-1024".
    var name: String { get }
    /// The upstream model, when there is one.
    var model: String? { get }
    /// The vector length, when known before the first call.
    var dimension: Int? { get }
    func embed(_ texts: [String]) throws -> EmbedResult
}
