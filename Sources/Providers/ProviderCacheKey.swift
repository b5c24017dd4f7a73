import JSON

/// Cache keys: SHA-256 hex of the canonical request JSON followed by the base URL, so the same
/// request to two endpoints is cached twice.
public enum ProviderCacheKey {
    public static func key(request: JSONValue, baseURL: String) -> String {
        SHA256.hexDigest(request.canonicalText + baseURL)
    }
}
