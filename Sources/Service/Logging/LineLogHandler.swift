import Foundation
import Logging
import Storage

/// A swift-log handler writing one logfmt-style line per event into a `BufferedLogSink`:
/// `ts=... level=info msg="request" http.method=GET http.route=/healthz ...`.
/// Metadata keys are dotted (`http.status`, `job.id`) and written in sorted order.
public struct LineLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let label: String
    private let sink: BufferedLogSink

    public init(label: String, sink: BufferedLogSink, level: Logger.Level = .info) {
        self.label = label
        self.sink = sink
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        var line = "ts=\(Self.timestamp()) level=\(event.level) logger=\(label) msg=\(Self.quote(event.message.description))"
        for key in merged.keys.sorted() {
            line += " \(key)=\(Self.quote(String(describing: merged[key]!)))"
        }
        sink.append(line)
    }

    static func quote(_ s: String) -> String {
        if isPlain(s) { return s }
        return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    /// Printable ASCII without quotes or `=`: written as is.
    static func isPlain(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { $0 > 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "=") && $0 < 0x7F }
    }

    static func timestamp() -> String { Timestamp.now() }
}
