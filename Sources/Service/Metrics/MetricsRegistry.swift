import Foundation

/// Counters, gauges and histograms rendered in the Prometheus text format (version 0.0.4).
/// Thread-safe; series are rendered in sorted order so the output is deterministic.
public final class MetricsRegistry: Sendable {
    /// Latency buckets in seconds: fine below a millisecond (healthz, exemplars) up to minutes.
    public static let defaultBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

    struct SeriesKey: Hashable, Comparable {
        let name: String
        let labels: [String]  // "k=\"v\"" pairs, in the order given
        static func < (a: SeriesKey, b: SeriesKey) -> Bool {
            a.name != b.name ? a.name < b.name : a.labels.joined(separator: ",") < b.labels.joined(separator: ",")
        }
    }

    struct Histogram {
        var buckets: [UInt64]
        var sum: Double = 0
        var count: UInt64 = 0
    }

    struct State {
        var help: [String: (type: String, text: String)] = [:]
        var counters: [SeriesKey: Double] = [:]
        var histograms: [SeriesKey: Histogram] = [:]
    }

    private let state = Locked(State())
    private let buckets: [Double]

    public init(buckets: [Double] = MetricsRegistry.defaultBuckets) { self.buckets = buckets }

    static func key(_ name: String, _ labels: KeyValuePairs<String, String>) -> SeriesKey {
        SeriesKey(name: name, labels: labels.map { "\($0.key)=\"\(escape($0.value))\"" })
    }

    static func escape(_ v: String) -> String {
        // Fast path: label values (routes, methods, statuses) almost never need escaping, and this
        // runs several times per request.
        if !v.utf8.contains(where: { $0 == 0x5C || $0 == 0x22 || $0 == 0x0A }) { return v }
        return v.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    public func describe(_ name: String, type: String, help: String) {
        state.withLock { $0.help[name] = (type, help) }
    }

    public func increment(_ name: String, by amount: Double = 1, labels: KeyValuePairs<String, String> = [:]) {
        let k = Self.key(name, labels)
        state.withLock { $0.counters[k, default: 0] += amount }
    }

    public func observe(_ name: String, _ value: Double, labels: KeyValuePairs<String, String> = [:]) {
        let k = Self.key(name, labels)
        let bounds = buckets
        state.withLock { s in
            var h = s.histograms[k] ?? Histogram(buckets: [UInt64](repeating: 0, count: bounds.count))
            for (i, b) in bounds.enumerated() where value <= b { h.buckets[i] += 1 }
            h.sum += value
            h.count += 1
            s.histograms[k] = h
        }
    }

    public func counterValue(_ name: String, labels: KeyValuePairs<String, String> = [:]) -> Double {
        let k = Self.key(name, labels)
        return state.withLock { $0.counters[k] ?? 0 }
    }

    /// The exposition text; `gauges` are values computed at scrape time (open connections, rows).
    public func render(gauges: [(name: String, help: String, labels: [(String, String)], value: Double)] = []) -> String {
        let snapshot = state.withLock { $0 }
        var out = ""
        var described = Set<String>()
        func header(_ name: String, _ fallbackType: String) {
            guard described.insert(name).inserted else { return }
            let h = snapshot.help[name] ?? (fallbackType, name)
            out += "# HELP \(name) \(h.text)\n# TYPE \(name) \(h.type)\n"
        }
        func labelText(_ labels: [String], extra: String? = nil) -> String {
            let all = labels + (extra.map { [$0] } ?? [])
            return all.isEmpty ? "" : "{" + all.joined(separator: ",") + "}"
        }
        for (k, v) in snapshot.counters.sorted(by: { $0.key < $1.key }) {
            header(k.name, "counter")
            out += "\(k.name)\(labelText(k.labels)) \(Self.format(v))\n"
        }
        for (k, h) in snapshot.histograms.sorted(by: { $0.key < $1.key }) {
            header(k.name, "histogram")
            for (i, b) in buckets.enumerated() {
                out += "\(k.name)_bucket\(labelText(k.labels, extra: "le=\"\(Self.format(b))\"")) \(h.buckets[i])\n"
            }
            out += "\(k.name)_bucket\(labelText(k.labels, extra: "le=\"+Inf\"")) \(h.count)\n"
            out += "\(k.name)_sum\(labelText(k.labels)) \(Self.format(h.sum))\n"
            out += "\(k.name)_count\(labelText(k.labels)) \(h.count)\n"
        }
        for g in gauges.sorted(by: { ($0.name, $0.labels.map { $0.1 }.joined()) < ($1.name, $1.labels.map { $0.1 }.joined()) }) {
            if described.insert(g.name).inserted { out += "# HELP \(g.name) \(g.help)\n# TYPE \(g.name) gauge\n" }
            let labels = g.labels.map { "\($0.0)=\"\(Self.escape($0.1))\"" }
            out += "\(g.name)\(labelText(labels)) \(Self.format(g.value))\n"
        }
        return out
    }

    static func format(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return v.description
    }
}
