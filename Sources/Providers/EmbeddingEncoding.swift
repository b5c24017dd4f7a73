/// The `encoding_format` asked of the embeddings endpoint. base64 is little-endian float32, about a
/// quarter of the bytes of decimal text.
public enum EmbeddingEncoding: String, Sendable, Equatable, CaseIterable {
    case float
    case base64
}
