import HTTP

/// Checks `Authorization: Bearer <key>` against the configured key. The comparison takes the same
/// time wherever the first differing byte is, so response timing does not leak a key prefix.
struct BearerAuthenticator: Sendable {
    private let expected: [UInt8]

    init(apiKey: String) {
        expected = Array(apiKey.utf8)
    }

    /// True when exactly one Authorization field carries the key.
    func isAuthorized(_ headers: HTTPHeaders) -> Bool {
        let values = headers.values(for: "Authorization")
        guard values.count == 1, let token = Self.bearerToken(values[0]) else { return false }
        return Self.constantTimeEquals(Array(token.utf8), expected)
    }

    /// The credentials of a `Bearer` field: the scheme matched case-insensitively (RFC 9110
    /// §11.1), then one or more spaces; nil for any other scheme.
    static func bearerToken(_ value: String) -> Substring? {
        guard let space = value.firstIndex(of: " "), value[..<space].lowercased() == "bearer" else { return nil }
        let token = value[space...].drop { $0 == " " }
        return token.isEmpty ? nil : token
    }

    /// Visits every byte of the longer input whatever the contents; only the length of the
    /// (secret) expected value can be inferred, never how much of it matched.
    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt(a.count ^ b.count)
        let n = max(a.count, b.count)
        for i in 0..<n {
            let x = i < a.count ? a[i] : 0
            let y = i < b.count ? b[i] : 0
            difference |= UInt(x ^ y)
        }
        return difference == 0
    }
}
