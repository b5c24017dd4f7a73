/// Encodes `{"error":{"type","code"?,"message","param"?}}` with a fixed key order (api.md).
enum JSONErrorDocument {
    static func encode(type: String, code: String?, message: String, param: String?) -> [UInt8] {
        var out = "{\"error\":{\"type\":" + quoted(type)
        if let code { out += ",\"code\":" + quoted(code) }
        out += ",\"message\":" + quoted(message)
        if let param { out += ",\"param\":" + quoted(param) }
        out += "}}"
        return Array(out.utf8)
    }

    /// A JSON string literal; control characters are \u-escaped so any message stays valid JSON.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
