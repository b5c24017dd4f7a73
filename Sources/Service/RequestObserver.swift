import HTTP
import Logging

/// One access-log line and the Prometheus series for every answered request. It runs on every
/// connection thread after every response, so the series handles are cached per (method, route,
/// status) and the line is formatted straight into bytes (`AccessLog`).
final class RequestObserver: HTTPObserver {
    struct SeriesKey: Hashable {
        let method: String
        let route: String
        let status: HTTPStatus
    }

    struct Series {
        let requests: MetricsRegistry.CounterHandle
        let duration: MetricsRegistry.HistogramHandle
    }

    /// Methods outside this set are counted as `OTHER`: a client inventing methods must not grow
    /// the metrics without bound (the access log still names the method it sent).
    static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "-"]

    let metrics: MetricsRegistry
    /// nil when the log level is above `info`.
    let accessLog: AccessLog?
    private let series = ReadMostly<[SeriesKey: Series]>([:])

    init(metrics: MetricsRegistry, logSink: BufferedLogSink, logLevel: Logger.Level, label: String) {
        self.metrics = metrics
        self.accessLog = logLevel <= .info ? AccessLog(sink: logSink, label: label) : nil
    }

    func requestCompleted(_ r: HTTPRequestRecord) {
        let route = r.routePattern ?? "unmatched"
        let method = r.method?.rawValue ?? "-"
        let s = series(for: SeriesKey(method: Self.knownMethods.contains(method) ? method : "OTHER", route: route, status: r.status))
        metrics.increment(s.requests, observing: r.duration, in: s.duration)
        accessLog?.write(r, method: method, route: route)
    }

    private func series(for key: SeriesKey) -> Series {
        if let cached = series.read({ $0[key] }) { return cached }
        let made = Series(
            requests: metrics.counter(
                "shortlist_http_requests_total", labels: ["method": key.method, "route": key.route, "status": key.status.description]),
            duration: metrics.histogram("shortlist_http_request_duration_seconds", labels: ["route": key.route]))
        return series.write { cache in
            if let raced = cache[key] { return raced }
            cache[key] = made
            return made
        }
    }
}
