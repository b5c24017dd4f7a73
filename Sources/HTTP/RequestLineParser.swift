/// `method SP request-target SP HTTP-version` (RFC 9112 §3), without its CRLF.
enum RequestLineParser {
    static func parse(_ line: UnsafeBufferPointer<UInt8>) throws(HTTPError) -> (String, String, HTTPVersion) {
        let parts = line.split(separator: ASCII.space, maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty, !parts[2].isEmpty else {
            throw HTTPError.invalidRequest("malformed request line")
        }
        guard parts[0].allSatisfy(ASCII.isTokenCharacter) else { throw HTTPError.invalidRequest("malformed method") }
        guard parts[1].allSatisfy(ASCII.isTargetCharacter) else {
            throw HTTPError.invalidRequest("malformed request target")
        }
        let version = try parseVersion(Array(parts[2]))
        return (String(decoding: parts[0], as: UTF8.self), String(decoding: parts[1], as: UTF8.self), version)
    }

    private static let http11 = Array("HTTP/1.1".utf8)

    /// `HTTP/d.d`: 1.0 and 1.1 are served, other well-formed versions get 505, anything else 400.
    static func parseVersion(_ bytes: [UInt8]) throws(HTTPError) -> HTTPVersion {
        if bytes == http11 { return .http1_1 }
        let text = String(decoding: bytes, as: UTF8.self)
        let prefix = Array("HTTP/".utf8)
        guard bytes.count == 8, Array(bytes[0..<5]) == prefix, bytes[6] == UInt8(ascii: "."),
            (48...57).contains(bytes[5]), (48...57).contains(bytes[7])
        else { throw HTTPError.invalidRequest("malformed HTTP version") }
        guard let version = HTTPVersion(rawValue: text) else { throw HTTPError.versionNotSupported(text) }
        return version
    }
}
