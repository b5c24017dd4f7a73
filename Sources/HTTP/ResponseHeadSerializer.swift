/// Writes the status line and header section of a response.
enum ResponseHeadSerializer {
    /// Header names the server owns; a handler's values for them are dropped.
    private static let ownedNames = ["content-length", "transfer-encoding", "connection", "x-request-id"]

    static func serialize(
        status: HTTPStatus, headers: HTTPHeaders, framing: ResponseFraming, version: HTTPVersion, keepAlive: Bool,
        requestID: String
    ) -> [UInt8] {
        // Bytes appended directly: string interpolation here cost ~5% of a /healthz request.
        var out = [UInt8]()
        out.reserveCapacity(192)
        out.append(contentsOf: version.rawValue.utf8)
        out.append(ASCII.space)
        appendDecimal(status.code, to: &out)
        out.append(ASCII.space)
        out.append(contentsOf: status.reasonPhrase.utf8)
        out.append(contentsOf: crlf)
        for field in headers.fields where !ownedNames.contains(where: { HTTPHeaders.namesMatch($0, field.name) }) {
            appendSanitised(field.name, to: &out)
            out.append(contentsOf: colonSpace)
            appendSanitised(field.value, to: &out)
            out.append(contentsOf: crlf)
        }
        if !requestID.isEmpty {
            out.append(contentsOf: "X-Request-Id: ".utf8)
            out.append(contentsOf: requestID.utf8)
            out.append(contentsOf: crlf)
        }
        switch framing {
        case .length(let length):
            out.append(contentsOf: "Content-Length: ".utf8)
            appendDecimal(length, to: &out)
            out.append(contentsOf: crlf)
        case .chunked: out.append(contentsOf: "Transfer-Encoding: chunked\r\n".utf8)
        case .untilClose, .noBody: break
        }
        if !keepAlive {
            out.append(contentsOf: "Connection: close\r\n".utf8)
        } else if version == .http1_0 {
            out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        out.append(contentsOf: crlf)
        return out
    }

    private static let crlf: [UInt8] = [ASCII.cr, ASCII.lf]
    private static let colonSpace: [UInt8] = [UInt8(ascii: ":"), ASCII.space]

    private static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        out.append(contentsOf: String(value).utf8)
    }

    /// A handler-supplied CR or LF would let it inject header lines (response splitting): dropped.
    private static func appendSanitised(_ text: String, to out: inout [UInt8]) {
        for byte in text.utf8 where byte != ASCII.cr && byte != ASCII.lf { out.append(byte) }
    }
}
