import Foundation
import Logging
import PropertyBased
import Testing
@testable import HTTP
@testable import Service
import TestSupport

@Suite struct AccessLogTests {
    /// Captures what a sink writes, through a temp file.
    private final class CapturedSink {
        let temporary: TemporaryDirectory
        let path: String
        let sink: BufferedLogSink
        init() throws {
            temporary = try TemporaryDirectory("log")
            path = temporary.path("log.txt")
            sink = BufferedLogSink(fd: open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600))
        }
        func lines() throws -> [String] {
            sink.flush()
            return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        }
        deinit { sink.close() }
    }

    private static func record(status: HTTPStatus = 200, duration: Double = 0.001234, id: String = "req-1") -> HTTPRequestRecord {
        HTTPRequestRecord(method: "GET", routePattern: "/v1/pools/{pool}", status: status, duration: duration, requestID: id,
                          requestBodyBytes: 17, responseBytes: 321)
    }

    private static func withoutTimestamp(_ line: String) -> Substring {
        line.drop { $0 != " " }
    }

    @Test func accessLine_IsTheLine_LineLogHandlerWrites() throws {
        let captured = try CapturedSink()
        let logger = Logger(label: "shortlist") { LineLogHandler(label: $0, sink: captured.sink) }
        for (r, id) in [(Self.record(), "req-1"), (Self.record(status: 404, duration: 2.5, id: "a b=\"c\""), "a b=\"c\"")] {
            logger.info("request", metadata: [
                "http.method": "GET", "http.route": "/v1/pools/{pool}", "http.status": "\(r.status)",
                "http.duration_ms": "\(Double(Int(r.duration * 1_000_000)) / 1000)", "http.request_id": "\(id)",
                "http.request_bytes": "17", "http.response_bytes": "321",
            ])
            AccessLog(sink: captured.sink, label: "shortlist").write(r, method: "GET", route: "/v1/pools/{pool}")
        }
        let lines = try captured.lines()
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("ts=") && lines[1].hasPrefix("ts="))
        #expect(Self.withoutTimestamp(lines[1]) == Self.withoutTimestamp(lines[0]))
        #expect(Self.withoutTimestamp(lines[3]) == Self.withoutTimestamp(lines[2]))
        #expect(lines[3].contains(#"http.request_id="a b=\"c\"""#))
    }

    @Test func milliseconds_PrintAsDoubleDividedBy1000() async {
        for (seconds, text) in [(0.0, "0.0"), (0.001, "1.0"), (0.000_123, "0.123"), (0.0015, "1.5"), (12.000_01, "12000.01")] {
            #expect(AccessLog.milliseconds(seconds) == text)
        }
        await propertyCheck(input: Gen.int(in: 0...5_000_000_000)) { micros in
            let seconds = Double(micros) / 1_000_000
            #expect(AccessLog.milliseconds(seconds) == "\(Double(Int(seconds * 1_000_000)) / 1000)")
        }
    }

    @Test func observer_CountsRequestsByMethodRouteAndStatus_WithBoundedMethods() throws {
        let captured = try CapturedSink()
        let metrics = MetricsRegistry()
        let observer = RequestObserver(metrics: metrics, logSink: captured.sink, logLevel: .info, label: "shortlist")
        var r = Self.record()
        for _ in 0..<3 { observer.requestCompleted(r) }
        r.method = "BREW"
        observer.requestCompleted(r)
        r.method = "FROB"
        observer.requestCompleted(r)
        let route = "/v1/pools/{pool}"
        #expect(metrics.counterValue("shortlist_http_requests_total", labels: ["method": "GET", "route": route, "status": "200"]) == 3)
        #expect(metrics.counterValue("shortlist_http_requests_total", labels: ["method": "OTHER", "route": route, "status": "200"]) == 2)
        let text = metrics.render()
        #expect(text.contains("shortlist_http_request_duration_seconds_count{route=\"/v1/pools/{pool}\"} 5"))
        #expect(text.contains("shortlist_http_request_duration_seconds_bucket{route=\"/v1/pools/{pool}\",le=\"0.0025\"} 5"))
        #expect(text.contains("shortlist_http_request_duration_seconds_bucket{route=\"/v1/pools/{pool}\",le=\"0.001\"} 0"))
        let lines = try captured.lines()
        #expect(lines.count == 5)
        #expect(lines[3].contains("http.method=BREW"))
    }

    @Test func observer_WritesNoAccessLine_AboveInfo() throws {
        let captured = try CapturedSink()
        let observer = RequestObserver(metrics: MetricsRegistry(), logSink: captured.sink, logLevel: .warning, label: "shortlist")
        observer.requestCompleted(Self.record())
        #expect(try captured.lines().isEmpty)
    }

    @Test func handles_AndNamedCalls_ShareOneSeries() {
        let metrics = MetricsRegistry()
        let counter = metrics.counter("c_total", labels: ["a": "x"])
        let histogram = metrics.histogram("h_seconds", labels: ["a": "x"])
        metrics.increment(counter, observing: 0.2, in: histogram)
        metrics.increment("c_total", labels: ["a": "x"])
        metrics.observe("h_seconds", 0.3, labels: ["a": "x"])
        #expect(metrics.counter("c_total", labels: ["a": "x"]) == counter)
        #expect(metrics.counterValue("c_total", labels: ["a": "x"]) == 2)
        #expect(metrics.render().contains("h_seconds_sum{a=\"x\"} 0.5"))
    }
}
