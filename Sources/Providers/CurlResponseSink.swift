import CCurl
import Foundation

/// Collects body bytes and header lines from curl's callbacks. Confined to the one thread running
/// curl_easy_perform, hence unchecked.
final class CurlResponseSink: @unchecked Sendable {
    var body: [UInt8] = []
    var headers: [String: String] = [:]

    func appendHeaderLine(_ bytes: UnsafeBufferPointer<UInt8>) {
        let line = String(decoding: bytes, as: UTF8.self)
        // A new status line starts a new response (after redirects or 100-continue): keep only the last.
        if line.hasPrefix("HTTP/") { headers = [:]; return }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        headers[name] = value
    }
}

let curlWriteBody: shortlist_curl_write_callback = { pointer, size, count, userdata in
    let length = size * count
    guard let pointer, let userdata else { return length }
    let sink = Unmanaged<CurlResponseSink>.fromOpaque(userdata).takeUnretainedValue()
    pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
        sink.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
    }
    return length
}

let curlWriteHeader: shortlist_curl_write_callback = { pointer, size, count, userdata in
    let length = size * count
    guard let pointer, let userdata else { return length }
    let sink = Unmanaged<CurlResponseSink>.fromOpaque(userdata).takeUnretainedValue()
    pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
        sink.appendHeaderLine(UnsafeBufferPointer(start: $0, count: length))
    }
    return length
}
