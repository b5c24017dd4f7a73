/// Vectors in input order, plus how many of them came from the cache.
public struct EmbedResult: Sendable, Equatable {
    public var vectors: [[Float]]
    public var cacheHits: Int
    public var cacheMisses: Int

    public init(vectors: [[Float]], cacheHits: Int, cacheMisses: Int) {
        self.vectors = vectors
        self.cacheHits = cacheHits
        self.cacheMisses = cacheMisses
    }
}
