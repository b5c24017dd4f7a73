/// `chunk-size [ chunk-ext ]` (RFC 9112 §7.1.1); extensions are allowed and ignored.
enum ChunkSizeLine {
    /// 15 hex digits stay below Int.max, so larger sizes are rejected rather than overflowing.
    static let maxDigits = 15

    static func parse(_ line: [UInt8]) throws(HTTPError) -> Int {
        var size = 0
        var digits = 0
        for byte in line {
            guard let value = ASCII.hexValue(byte) else { break }
            digits += 1
            guard digits <= maxDigits else { throw HTTPError.invalidRequest("chunk size too large") }
            size = size * 16 + value
        }
        guard digits > 0 else { throw HTTPError.invalidRequest("malformed chunk size") }
        let rest = line[digits...].drop { $0 == ASCII.space || $0 == ASCII.tab }
        guard rest.isEmpty || rest.first == UInt8(ascii: ";") else {
            throw HTTPError.invalidRequest("malformed chunk size")
        }
        return size
    }
}
