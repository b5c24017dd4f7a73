/// `field-name ":" OWS field-value OWS` lines (RFC 9112 §5), each ending in CRLF.
enum HeaderFieldParser {
    static func parse(_ section: UnsafeBufferPointer<UInt8>) throws(HTTPError) -> HTTPHeaders {
        var fields: [(name: String, value: String)] = []
        var lineStart = 0
        while lineStart < section.count {
            // The scanner already proved every LF is preceded by CR; a bare CR stays in the line and
            // is rejected as a value character.
            var lineFeed = lineStart
            while lineFeed < section.count, section[lineFeed] != ASCII.lf { lineFeed += 1 }
            fields.append(try parseLine(UnsafeBufferPointer(rebasing: section[lineStart..<(lineFeed - 1)])))
            lineStart = lineFeed + 1
        }
        return HTTPHeaders(fields)
    }

    private static func parseLine(_ line: UnsafeBufferPointer<UInt8>) throws(HTTPError) -> (name: String, value: String) {
        guard let first = line.first, first != ASCII.space, first != ASCII.tab else {
            throw HTTPError.invalidRequest("obsolete line folding in header section")
        }
        guard let colon = line.firstIndex(of: ASCII.colon), colon > 0 else {
            throw HTTPError.invalidRequest("malformed header field")
        }
        let name = line[0..<colon]
        guard name.allSatisfy(ASCII.isTokenCharacter) else {
            throw HTTPError.invalidRequest("malformed header field name")
        }
        var valueStart = colon + 1
        var valueEnd = line.count
        while valueStart < valueEnd, isWhitespace(line[valueStart]) { valueStart += 1 }
        while valueEnd > valueStart, isWhitespace(line[valueEnd - 1]) { valueEnd -= 1 }
        let value = line[valueStart..<valueEnd]
        guard value.allSatisfy(ASCII.isFieldValueCharacter) else {
            throw HTTPError.invalidRequest("invalid character in header field \(String(decoding: name, as: UTF8.self))")
        }
        return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == ASCII.space || byte == ASCII.tab
    }
}
