import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tiny blocking HTTP/1.1 client over a BSD socket, one `Connection: close` request at a time:
/// the CLI talks only to its own service, so no pooling, TLS or redirects.
struct APIClient: Sendable {
    let url: ServiceURL
    let apiKey: String?
    var timeoutSeconds = 600

    /// Where a request body comes from: bytes in memory, or a file streamed in blocks.
    enum Body {
        case none
        case bytes([UInt8], contentType: String)
        case file(path: String, contentType: String, progress: (@Sendable (Int, Int) -> Void)?)
    }

    func send(_ method: String, _ path: String, body: Body = .none) throws(ClientError) -> ClientResponse {
        let fd = try connectSocket()
        defer { close(fd) }
        var head = "\(method) \(url.pathPrefix)\(path) HTTP/1.1\r\nHost: \(url.host):\(url.port)\r\nConnection: close\r\nAccept: application/json\r\n"
        if let apiKey { head += "Authorization: Bearer \(apiKey)\r\n" }
        switch body {
        case .none:
            head += "\r\n"
            try sendAll(fd, Array(head.utf8))
        case .bytes(let bytes, let contentType):
            head += "Content-Type: \(contentType)\r\nContent-Length: \(bytes.count)\r\n\r\n"
            try sendAll(fd, Array(head.utf8) + bytes)
        case .file(let path, let contentType, let progress):
            try streamFile(fd, head: head, path: path, contentType: contentType, progress: progress)
        }
        return try ResponseReader.read(fd)
    }

    /// A JSON request whose non-2xx answer becomes `ClientError.api` with the API's message.
    func json(_ method: String, _ path: String, body: Body = .none) throws(ClientError) -> ClientResponse {
        let response = try send(method, path, body: body)
        guard (200..<300).contains(response.status) else { throw .api(response.errorSummary) }
        return response
    }

    private func streamFile(
        _ fd: Int32, head: String, path: String, contentType: String, progress: (@Sendable (Int, Int) -> Void)?
    ) throws(ClientError) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .usage("cannot open \(path)") }
        defer { try? handle.close() }
        let total = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        try sendAll(fd, Array((head + "Content-Type: \(contentType)\r\nContent-Length: \(total)\r\n\r\n").utf8))
        var sent = 0
        while sent < total {
            let block: Data
            do { block = try handle.read(upToCount: 1 << 20) ?? Data() } catch { throw .usage("cannot read \(path): \(error)") }
            if block.isEmpty { throw .usage("\(path) shrank while it was being uploaded") }
            do { try sendAll(fd, [UInt8](block)) } catch {
                // The service may answer early (a 4xx) and close: its answer says more than EPIPE.
                if let early = try? ResponseReader.read(fd) { throw .api(early.errorSummary) }
                throw error
            }
            sent += block.count
            progress?(sent, total)
        }
    }

    private func connectSocket() throws(ClientError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(url.host, String(url.port), &hints, &result) == 0, let first = result else {
            throw .connection("cannot resolve \(url.host)")
        }
        defer { freeaddrinfo(result) }
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if fd >= 0 {
                if connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 {
                    var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
                    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                    return fd
                }
                close(fd)
            }
            entry = info.pointee.ai_next
        }
        throw .connection("cannot connect to http://\(url.host):\(url.port): \(String(cString: strerror(errno)))")
    }

    private func sendAll(_ fd: Int32, _ bytes: [UInt8]) throws(ClientError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw .connection("connection lost while sending: \(String(cString: strerror(errno)))") }
            offset += n
        }
    }
}
