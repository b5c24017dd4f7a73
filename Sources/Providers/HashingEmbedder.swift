import TextHashing

/// The built-in embedder of exemplars.md §8: feature hashing of tokens and adjacent token pairs into
/// 1024 signed buckets, L2-normalised. No model, no network, identical on every platform.
public struct HashingEmbedder: Embedder {
    public static let dimension = 1024
    public let name = "hashing-1024"
    public let model: String? = nil
    public var dimension: Int? { Self.dimension }

    public init() {}

    public func embed(_ texts: [String]) throws -> EmbedResult {
        EmbedResult(vectors: texts.map(Self.vector), cacheHits: 0, cacheMisses: 0)
    }

    /// The normalised hashed vector of one text.
    public static func vector(_ text: String) -> [Float] {
        var vector = [Float](repeating: 0, count: dimension)
        let tokens = tokenBytes(text)
        let tokenHashes = tokens.map { fnv1a64($0) }
        for hash in tokenHashes { add(hash, to: &vector) }
        // FNV-1a is a running fold, so the pair "a b" continues from the hash of "a": no joined string.
        for index in tokens.indices.dropLast() {
            add(fnv1a64(tokens[index + 1], from: fnv1a64([0x20], from: tokenHashes[index])), to: &vector)
        }
        return normalised(vector)
    }

    private static func add(_ hash: UInt64, to vector: inout [Float]) {
        vector[Int(hash % UInt64(dimension))] += (hash >> 63) == 0 ? 1 : -1
    }

    /// Every token, then every pair of adjacent tokens joined by one space.
    static func features(_ tokens: [String]) -> [String] {
        tokens + zip(tokens, tokens.dropFirst()).map { $0 + " " + $1 }
    }

    /// FNV-1a 64-bit (`FNV1a`, shared with `dsir`), continuing from `hash`.
    static func fnv1a64(_ bytes: [UInt8], from hash: UInt64 = FNV1a.offsetBasis) -> UInt64 {
        FNV1a.hash(bytes, from: hash)
    }

    static func normalised(_ vector: [Float]) -> [Float] {
        let norm = vector.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
        let divisor = max(norm, 1e-12)
        return vector.map { $0 / divisor }
    }
}
