import Foundation
import JSON
import Selection
@testable import Service

/// A minimal blocking HTTP/1.1 client over a real socket, one connection per request, for
/// end-to-end tests against a running `ShortlistService` (port 0 on loopback).
struct TestHTTPClient: Sendable {
    let port: Int
    var timeoutSeconds: Int = 30

    struct Response: Sendable {
        let status: Int
        let headers: [(String, String)]
        let body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
        func json() throws -> JSONValue { try JSONParser.parse(body) }
        /// `error.param` of an error body, or nil.
        var errorParam: String? { (try? json())?["error"]?["param"]?.stringValue }
        var errorType: String? { (try? json())?["error"]?["type"]?.stringValue }
        var errorCode: String? { (try? json())?["error"]?["code"]?.stringValue }
    }

    /// A connected socket with the client's timeouts (and, if given, a small receive buffer that
    /// a client which stops reading fills at once); the caller closes it.
    func connectSocket(receiveBufferBytes: Int32? = nil) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestClientError("socket failed") }
        if var size = receiveBufferBytes { setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size)) }
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { close(fd); throw TestClientError("connect failed: errno \(errno)") }
        return fd
    }

    func request(_ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8]? = nil) throws -> Response {
        let fd = try connectSocket()
        defer { close(fd) }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for (n, v) in headers { head += "\(n): \(v)\r\n" }
        if let body { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        try sendAll(fd, Array(head.utf8))
        if let body { try sendAll(fd, body) }
        return try Self.parse(try readUntilClose(fd))
    }

    /// Every byte until the server closes; throws on a timeout or a failed read.
    func readUntilClose(_ fd: Int32) throws -> [UInt8] {
        var raw: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buf, buf.count, 0)
            if n < 0 { if errno == EINTR { continue }; throw TestClientError("recv failed: errno \(errno) after \(raw.count) bytes") }
            if n == 0 { return raw }
            raw.append(contentsOf: buf[0..<n])
        }
    }

    func json(_ method: String, _ path: String, _ body: JSONValue? = nil, headers: [(String, String)] = []) throws -> Response {
        try request(method, path, headers: headers + [("Content-Type", "application/json")], body: body.map(JSONWriter.encode))
    }

    func sendAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { if errno == EINTR { continue }; throw TestClientError("send failed: errno \(errno)") }
            off += n
        }
    }

    /// Parses a whole `Connection: close` response, undoing chunked coding.
    static func parse(_ raw: [UInt8]) throws -> Response {
        guard let split = raw.indices.first(where: { i in i + 3 < raw.count && raw[i] == 13 && raw[i + 1] == 10 && raw[i + 2] == 13 && raw[i + 3] == 10 }) else {
            throw TestClientError("no response head in \(raw.count) bytes")
        }
        let lines = String(decoding: raw[0..<split], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw TestClientError("bad status line \(lines[0])") }
        var headers: [(String, String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var body = Array(raw[(split + 4)...])
        if headers.contains(where: { $0.0.lowercased() == "transfer-encoding" && $0.1.lowercased().contains("chunked") }) {
            body = try dechunk(body)
        }
        return Response(status: status, headers: headers, body: body)
    }

    static func dechunk(_ b: [UInt8]) throws -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < b.count {
            guard let crlf = (i..<(b.count - 1)).first(where: { b[$0] == 13 && b[$0 + 1] == 10 }) else { throw TestClientError("bad chunk") }
            let sizeText = String(decoding: b[i..<crlf], as: UTF8.self).split(separator: ";")[0]
            guard let size = Int(sizeText, radix: 16) else { throw TestClientError("bad chunk size") }
            i = crlf + 2
            if size == 0 { break }
            out.append(contentsOf: b[i..<(i + size)])
            i += size + 2
        }
        return out
    }
}

struct TestClientError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
