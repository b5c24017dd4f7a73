import Glibc
@testable import HTTP

/// A raw-socket HTTP client for tests: it sends exactly the bytes a test writes and reads
/// responses byte-accurately, so framing bugs cannot hide behind a lenient client library.
final class TestClient {
    let fd: Int32
    private var buffer: [UInt8] = []

    private init(fd: Int32) { self.fd = fd }

    static func make(port: Int, receiveTimeout: Duration = .seconds(10)) throws -> TestClient {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestClientError.system("socket", errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let code = errno
            Glibc.close(fd)
            throw TestClientError.system("connect", code)
        }
        let (seconds, attoseconds) = receiveTimeout.components
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return TestClient(fd: fd)
    }

    deinit { Glibc.close(fd) }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw TestClientError.system("send", errno) }
            offset += sent
        }
    }

    /// Reads one complete response (Content-Length, chunked, or until close).
    func readResponse(headRequest: Bool = false) throws -> TestResponse {
        var interim: TestResponse
        repeat {
            interim = try readHead()
        } while interim.status == 100
        var response = interim
        if headRequest || response.status == 204 || response.status == 304 { return response }
        if response.headers["transfer-encoding"]?.lowercased() == "chunked" {
            response.body = try readChunkedBody()
        } else if let length = response.headers["content-length"].flatMap({ Int($0) }) {
            response.body = try readExactly(length)
        } else {
            response.body = readUntilClose()
        }
        return response
    }

    /// Reads only a head (also used to see an interim 100 Continue).
    func readHead() throws -> TestResponse {
        let lines = try readLine()
        let parts = lines.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else { throw TestClientError.malformed(lines) }
        var headers = HTTPHeaders()
        while true {
            let line = try readLine()
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { throw TestClientError.malformed(line) }
            headers.add(String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters())
        }
        return TestResponse(status: status, headers: headers, body: [])
    }

    /// True when the server closed the connection (EOF or reset) within the receive timeout.
    func isClosedByServer() -> Bool {
        if !buffer.isEmpty { return false }
        var byte: UInt8 = 0
        let received = recv(fd, &byte, 1, 0)
        if received == 1 { buffer.append(byte) }
        return received == 0 || (received < 0 && errno == ECONNRESET)
    }

    func readUntilClose() -> [UInt8] {
        while (try? fill()) == true {}
        defer { buffer.removeAll() }
        return buffer
    }

    private func readChunkedBody() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let sizeLine = try readLine()
            guard let size = Int(sizeLine.split(separator: ";").first ?? "", radix: 16) else {
                throw TestClientError.malformed(sizeLine)
            }
            if size == 0 {
                while try !readLine().isEmpty {}
                return body
            }
            body += try readExactly(size)
            guard try readLine().isEmpty else { throw TestClientError.malformed("chunk without CRLF") }
        }
    }

    private func readLine() throws -> String {
        while true {
            if let lf = buffer.firstIndex(of: 10), lf > 0, buffer[lf - 1] == 13 {
                let line = String(decoding: buffer[..<(lf - 1)], as: UTF8.self)
                buffer.removeFirst(lf + 1)
                return line
            }
            guard try fill() else { throw TestClientError.closed }
        }
    }

    private func readExactly(_ count: Int) throws -> [UInt8] {
        while buffer.count < count {
            guard try fill() else { throw TestClientError.closed }
        }
        let bytes = Array(buffer[..<count])
        buffer.removeFirst(count)
        return bytes
    }

    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let received = recv(fd, &chunk, chunk.count, 0)
        if received > 0 {
            buffer += chunk[..<received]
            return true
        }
        if received == 0 || errno == ECONNRESET { return false }
        throw TestClientError.system("recv", errno)
    }
}

enum TestClientError: Error {
    case system(String, Int32)
    case malformed(String)
    case closed
}

extension Substring {
    fileprivate func trimmingCharacters() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
