import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads a whole `Connection: close` response and undoes chunked coding.
enum ResponseReader {
    static func read(_ fd: Int32) throws(ClientError) -> ClientResponse {
        var raw: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw .connection("connection lost while reading the response: \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            raw.append(contentsOf: buffer[0..<n])
        }
        return try parse(raw)
    }

    static func parse(_ raw: [UInt8]) throws(ClientError) -> ClientResponse {
        let crlfcrlf: [UInt8] = [13, 10, 13, 10]
        guard let split = (0..<max(0, raw.count - 3)).first(where: { raw[$0..<($0 + 4)].elementsEqual(crlfcrlf) }) else {
            throw .connection("the service closed the connection without a response")
        }
        let lines = String(decoding: raw[0..<split], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw .connection("bad status line: \(lines[0])") }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var body = Array(raw[(split + 4)...])
        if headers.contains(where: { $0.name.lowercased() == "transfer-encoding" && $0.value.lowercased().contains("chunked") }) {
            body = try dechunk(body)
        }
        return ClientResponse(status: status, headers: headers, body: body)
    }

    static func dechunk(_ bytes: [UInt8]) throws(ClientError) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while true {
            guard let lf = bytes[i...].firstIndex(of: 10) else { throw .connection("truncated chunked response") }
            let line = String(decoding: bytes[i..<lf], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let size = Int(line.split(separator: ";").first ?? "", radix: 16) else { throw .connection("bad chunk size in response") }
            i = lf + 1
            if size == 0 { return out }
            guard i + size <= bytes.count else { throw .connection("truncated chunked response") }
            out.append(contentsOf: bytes[i..<(i + size)])
            i += size + 2
        }
    }
}
