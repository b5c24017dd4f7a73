/// Writes the status line and header section of a response.
enum ResponseHeadSerializer {
    /// Header names the server owns; a handler's values for them are dropped.
    private static let ownedNames = ["content-length", "transfer-encoding", "connection", "x-request-id"]

    static func serialize(
        status: Int, headers: HTTPHeaders, framing: ResponseFraming, version: HTTPVersion, keepAlive: Bool,
        requestID: String
    ) -> [UInt8] {
        var text = "\(version.rawValue) \(status) \(ReasonPhrase.for(status))\r\n"
        for field in headers.fields where !ownedNames.contains(where: { HTTPHeaders.namesMatch($0, field.name) }) {
            text += "\(sanitised(field.name)): \(sanitised(field.value))\r\n"
        }
        if !requestID.isEmpty { text += "X-Request-Id: \(requestID)\r\n" }
        switch framing {
        case .length(let length): text += "Content-Length: \(length)\r\n"
        case .chunked: text += "Transfer-Encoding: chunked\r\n"
        case .untilClose, .noBody: break
        }
        if !keepAlive {
            text += "Connection: close\r\n"
        } else if version == .http1_0 {
            text += "Connection: keep-alive\r\n"
        }
        text += "\r\n"
        return Array(text.utf8)
    }

    /// A handler-supplied CR or LF would let it inject header lines (response splitting).
    private static func sanitised(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == ASCII.cr || $0 == ASCII.lf }) else { return text }
        return String(text.unicodeScalars.filter { $0 != "\r" && $0 != "\n" })
    }
}
