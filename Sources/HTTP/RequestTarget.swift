/// Request-target forms (RFC 9112 §3.2) and their percent-decoding into path and query.
enum RequestTarget {
    /// Origin-form as is, absolute-form reduced to its path and query, `*` only for OPTIONS.
    static func normalisedTarget(_ target: String, method: HTTPMethod) throws(HTTPError) -> String {
        if target.hasPrefix("/") { return target }
        if target == "*" && method == .options { return target }
        let lowered = target.lowercased()
        for scheme in ["http://", "https://"] where lowered.hasPrefix(scheme) {
            let afterScheme = target.dropFirst(scheme.count)
            guard let slash = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
            let rest = String(afterScheme[slash...])
            return rest.hasPrefix("/") ? rest : "/" + rest
        }
        throw HTTPError.invalidRequest("malformed request target")
    }

    /// The raw (still encoded) path and query of an origin-form target.
    static func split(_ target: String) -> (rawPath: Substring, rawQuery: Substring?) {
        guard let question = target.firstIndex(of: "?") else { return (target[...], nil) }
        return (target[..<question], target[target.index(after: question)...])
    }

    static func decodedPath(_ rawPath: Substring) throws(HTTPError) -> String {
        try percentDecoded(rawPath, plusIsSpace: false, what: "path")
    }

    /// `a=1&b=x+y` in order; "+" is a space as in HTML forms; a name without "=" has value "".
    static func decodedQuery(_ rawQuery: Substring?) throws(HTTPError) -> [(name: String, value: String)] {
        guard let rawQuery else { return [] }
        var pairs: [(name: String, value: String)] = []
        for part in rawQuery.split(separator: "&", omittingEmptySubsequences: true) {
            let equals = part.firstIndex(of: "=")
            let rawName = equals.map { part[..<$0] } ?? part
            let rawValue = equals.map { part[part.index(after: $0)...] } ?? ""
            pairs.append(
                (
                    try percentDecoded(rawName, plusIsSpace: true, what: "query"),
                    try percentDecoded(rawValue, plusIsSpace: true, what: "query")
                ))
        }
        return pairs
    }

    static func percentDecoded(_ text: Substring, plusIsSpace: Bool, what: String) throws(HTTPError) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusIsSpace && $0 == UInt8(ascii: "+")) }) else {
            return String(text)
        }
        let utf8 = Array(text.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < utf8.count + 0, let high = ASCII.hexValue(utf8[index + 1]),
                    let low = ASCII.hexValue(utf8[index + 2])
                else { throw HTTPError.invalidRequest("invalid percent-encoding in \(what)", param: what) }
                bytes.append(UInt8(high * 16 + low))
                index += 3
            } else {
                bytes.append(plusIsSpace && byte == UInt8(ascii: "+") ? ASCII.space : byte)
                index += 1
            }
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw HTTPError.invalidRequest("percent-encoding in \(what) is not UTF-8", param: what)
        }
        return decoded
    }
}
