import HTTP
import Logging

/// One structured log line and the Prometheus series for every answered request.
struct RequestObserver: HTTPObserver {
    let metrics: MetricsRegistry
    let logger: Logger

    func requestCompleted(_ r: HTTPRequestRecord) {
        let route = r.routePattern ?? "unmatched"
        let method = r.method ?? "-"
        metrics.increment("shortlist_http_requests_total", labels: ["method": method, "route": route, "status": String(r.status)])
        metrics.observe("shortlist_http_request_duration_seconds", r.duration, labels: ["route": route])
        logger.info(
            "request",
            metadata: [
                "http.method": "\(method)", "http.route": "\(route)", "http.status": "\(r.status)",
                "http.duration_ms": "\(Double(Int(r.duration * 1_000_000)) / 1000)", "http.request_id": "\(r.requestID)",
                "http.request_bytes": "\(r.requestBodyBytes)", "http.response_bytes": "\(r.responseBytes)",
            ])
    }
}
