import Glibc
import HTTP

/// A raw-socket HTTP client for tests: it sends exactly the bytes a test writes, when it writes
/// them (so a test can stop halfway through a body), and reads responses byte-accurately, so
/// framing bugs cannot hide behind a lenient client library. One thread may read while another
/// sends: the read buffer is only touched by the reader.
public final class TestClient: @unchecked Sendable {
    public let fd: Int32
    private var buffer: [UInt8] = []

    private init(fd: Int32) { self.fd = fd }

    /// A reader over bytes already received: `TestResponse.parse` uses it, so there is one parser.
    init(replaying bytes: [UInt8]) {
        fd = -1
        buffer = bytes
    }

    public static func make(port: Int, receiveTimeout: Duration = .seconds(10), receiveBufferBytes: Int32? = nil) throws -> TestClient {
        TestClient(fd: try LoopbackSocket.connect(port: port, timeout: receiveTimeout, receiveBufferBytes: receiveBufferBytes))
    }

    deinit { if fd >= 0 { Glibc.close(fd) } }

    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    public func send(_ bytes: some Collection<UInt8>) throws { try LoopbackSocket.sendAll(fd, bytes) }

    /// Sends every byte; false once the peer is gone (a test that expects the server to hang up).
    @discardableResult
    public func sendIfOpen(_ bytes: some Collection<UInt8>) -> Bool { (try? send(bytes)) != nil }

    /// Reads one complete response (Content-Length, chunked, or until close).
    public func readResponse(headRequest: Bool = false) throws -> TestResponse {
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
    public func readHead() throws -> TestResponse {
        let lines = try readLine()
        let parts = lines.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else { throw TestFailure("malformed status line: \(lines)") }
        var headers = HTTPHeaders()
        while true {
            let line = try readLine()
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { throw TestFailure("malformed header line: \(line)") }
            headers.add(String(line[..<colon]), line[line.index(after: colon)...].trimmingSpaces())
        }
        return TestResponse(status: status, headers: headers, body: [])
    }

    /// The status code of the next response, read until the server closes; nil if there is none.
    public func readStatus() -> Int? {
        let line = String(decoding: readUntilClose().prefix(32), as: UTF8.self).split(separator: " ")
        return line.count >= 2 ? Int(line[1]) : nil
    }

    /// True once the server process has read every byte sent on this connection: nothing waits in
    /// our send queue, nor in the server socket's receive queue (its line in /proc/net/tcp). What a
    /// test waits for before it signals a server that must be in the middle of a request.
    public func peerHasReadEverything() -> Bool {
        var unsent: Int32 = 0
        guard ioctl(fd, UInt(TIOCOUTQ), &unsent) == 0, unsent == 0 else { return false }
        var local = sockaddr_in(), peer = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &local) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) == 0 }
        } && withUnsafeMutablePointer(to: &peer) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &length) == 0 }
        }
        guard named, let table = Self.readWhole("/proc/net/tcp") else { return false }
        // The server's end: its local port is our peer's, its remote port ours (hex, after the colon).
        let serverEnd = (hex(port: peer.sin_port), hex(port: local.sin_port))
        for line in table.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ")
            guard fields.count > 4, fields[1].hasSuffix(serverEnd.0), fields[2].hasSuffix(serverEnd.1) else { continue }
            return fields[4].split(separator: ":").last.flatMap { Int($0, radix: 16) } == 0
        }
        return false
    }

    /// A procfs file read to its end: it reports size 0, and Foundation's String(contentsOfFile:)
    /// stops after its first page (about 30 of the table's lines).
    private static func readWhole(_ path: String) -> String? {
        let file = open(path, O_RDONLY)
        guard file >= 0 else { return nil }
        defer { Glibc.close(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(file, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func hex(port: in_port_t) -> String {
        let value = String(UInt16(bigEndian: port), radix: 16, uppercase: true)
        return ":" + String(repeating: "0", count: 4 - value.count) + value
    }

    /// True when the server closed the connection (EOF or reset) within the receive timeout.
    public func isClosedByServer() -> Bool {
        if !buffer.isEmpty { return false }
        var byte: UInt8 = 0
        let received = recv(fd, &byte, 1, 0)
        if received == 1 { buffer.append(byte) }
        return received == 0 || (received < 0 && errno == ECONNRESET)
    }

    /// Everything the server sends until it closes, resets or the receive timeout passes.
    public func readUntilClose() -> [UInt8] {
        while (try? fill()) == true {}
        defer { buffer.removeAll() }
        return buffer
    }

    private func readChunkedBody() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let sizeLine = try readLine()
            guard let size = Int(sizeLine.split(separator: ";").first ?? "", radix: 16) else {
                throw TestFailure("malformed chunk size line: \(sizeLine)")
            }
            if size == 0 {
                while try !readLine().isEmpty {}
                return body
            }
            body += try readExactly(size)
            guard try readLine().isEmpty else { throw TestFailure("chunk without CRLF") }
        }
    }

    private func readLine() throws -> String {
        while true {
            if let lf = buffer.firstIndex(of: 10), lf > 0, buffer[lf - 1] == 13 {
                let line = String(decoding: buffer[..<(lf - 1)], as: UTF8.self)
                buffer.removeFirst(lf + 1)
                return line
            }
            guard try fill() else { throw TestFailure("connection closed after \(buffer.count) bytes of a line") }
        }
    }

    private func readExactly(_ count: Int) throws -> [UInt8] {
        while buffer.count < count {
            guard try fill() else { throw TestFailure("connection closed after \(buffer.count) of \(count) bytes") }
        }
        let bytes = Array(buffer[..<count])
        buffer.removeFirst(count)
        return bytes
    }

    /// Appends what the socket has; false at EOF or reset (or at once when replaying bytes).
    private func fill() throws -> Bool {
        guard fd >= 0 else { return false }
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let received = recv(fd, &chunk, chunk.count, 0)
            if received > 0 {
                buffer += chunk[..<received]
                return true
            }
            if received < 0 && errno == EINTR { continue }
            if received == 0 || errno == ECONNRESET { return false }
            throw TestFailure("recv failed: errno \(errno) with \(buffer.count) bytes buffered")
        }
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
