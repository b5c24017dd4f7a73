import HTTP
import JSON
import Selection
import Storage

extension ShortlistService {
    static let version = "0.1.0"

    /// `/healthz` alone is open without the API key (load balancers probe it); the others go
    /// through `route`, which checks the key.
    func registerOpsRoutes() {
        let database = self.database
        // The probe's own connection: /healthz answers even while requests hold every pooled reader.
        let probe = HealthProbe { database.isReadable() }
        // Both answers are built once: probes come often and the body never changes.
        func health(_ ok: Bool) -> HTTPResponse {
            let state = JSONValue.string(ok ? "ok" : "unavailable")
            return .json(ok ? 200 : 503, .object(["status": state, "version": .string(Self.version), "database": state]))
        }
        let healthy = health(true), unhealthy = health(false)
        let noQuery = QueryParameterCheck(allowed: [])
        router.add("GET", "/healthz") { request in
            try noQuery.validate(request.query)
            return probe.isHealthy ? healthy : unhealthy
        }
        route("GET", "/metrics") { [unowned self] _ in
            .text(200, renderMetrics(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        route("GET", "/openapi.yaml") { _ in
            .text(200, EmbeddedOpenAPI.yaml, contentType: "application/yaml")
        }
    }

    func describeMetrics() {
        metrics.describe("shortlist_http_requests_total", type: "counter", help: "HTTP requests answered, by method, route pattern and status.")
        metrics.describe("shortlist_http_request_duration_seconds", type: "histogram", help: "Time from the first request byte to the last response byte.")
    }

    /// Counters and histograms, plus gauges read at scrape time.
    func renderMetrics() -> String {
        var gauges: [(name: String, help: String, labels: [(String, String)], value: Double)] = [
            ("shortlist_http_open_connections", "Open client connections.", [], Double(openConnections)),
            ("shortlist_uptime_seconds", "Seconds since the service started.", [], Double(Int(-startedAt.timeIntervalSinceNow))),
        ]
        if let counts = try? database.read({ db in
            (try db.fetchInt("SELECT count(*) FROM pools"), try db.fetchInt("SELECT count(*) FROM items"),
             try db.fetchInt("SELECT count(*) FROM feature_rows"),
             try db.fetchAll("SELECT status, count(*) FROM jobs GROUP BY status") { ($0.text(at: 0), $0.int(at: 1)) })
        }) {
            gauges.append(("shortlist_pools", "Stored pools.", [], Double(counts.0)))
            gauges.append(("shortlist_items", "Stored items over all pools.", [], Double(counts.1)))
            gauges.append(("shortlist_feature_rows", "Stored feature rows over all checkpoints.", [], Double(counts.2)))
            let byStatus = Dictionary(counts.3.map { ($0.0, $0.1) }, uniquingKeysWith: +)
            for status in ["queued", "running", "succeeded", "failed", "cancelled"] {
                gauges.append(("shortlist_jobs", "Jobs by status.", [("status", status)], Double(byStatus[status] ?? 0)))
            }
        }
        return metrics.render(gauges: gauges)
    }
}
