/// `method SP request-target SP HTTP-version` (RFC 9112 §3), without its CRLF.
enum RequestLineParser {
    static func parse(_ line: UnsafeBufferPointer<UInt8>) throws(HTTPError) -> (HTTPMethod, String, HTTPVersion) {
        // The two spaces found by index (no array of slices): this runs for every request.
        guard let firstSpace = line.firstIndex(of: ASCII.space),
            let secondSpace = line[(firstSpace + 1)...].firstIndex(of: ASCII.space),
            firstSpace > 0, secondSpace > firstSpace + 1, secondSpace + 1 < line.count
        else { throw HTTPError.invalidRequest("malformed request line") }
        let method = line[..<firstSpace], target = line[(firstSpace + 1)..<secondSpace]
        let versionBytes = line[(secondSpace + 1)...]
        guard !versionBytes.contains(ASCII.space) else { throw HTTPError.invalidRequest("malformed request line") }
        guard method.allSatisfy(ASCII.isTokenCharacter) else { throw HTTPError.invalidRequest("malformed method") }
        guard target.allSatisfy(ASCII.isTargetCharacter) else {
            throw HTTPError.invalidRequest("malformed request target")
        }
        let version = try parseVersion(Array(versionBytes))
        return (HTTPMethod(String(decoding: method, as: UTF8.self)), String(decoding: target, as: UTF8.self), version)
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
