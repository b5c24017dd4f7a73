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
        var counterSlots: [SeriesKey: Int] = [:]
        var counters: [Double] = []
        var histogramSlots: [SeriesKey: Int] = [:]
        var histograms: [Histogram] = []

        mutating func counterSlot(_ key: SeriesKey) -> Int {
            if let slot = counterSlots[key] { return slot }
            counters.append(0)
            counterSlots[key] = counters.count - 1
            return counters.count - 1
        }

        mutating func histogramSlot(_ key: SeriesKey, bucketCount: Int) -> Int {
            if let slot = histogramSlots[key] { return slot }
            histograms.append(Histogram(buckets: [UInt64](repeating: 0, count: bucketCount)))
            histogramSlots[key] = histograms.count - 1
            return histograms.count - 1
        }
    }

    /// A series resolved once (`counter(_:labels:)`), then bumped without building its key again:
    /// the per-request metrics take a handle from a cache instead of formatting labels each time.
    public struct CounterHandle: Sendable, Hashable { let slot: Int }
    public struct HistogramHandle: Sendable, Hashable { let slot: Int }

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
        state.withLock { s in s.counters[s.counterSlot(k)] += amount }
    }

    public func observe(_ name: String, _ value: Double, labels: KeyValuePairs<String, String> = [:]) {
        let k = Self.key(name, labels)
        let bucketCount = buckets.count
        state.withLock { s in Self.record(value, in: &s.histograms[s.histogramSlot(k, bucketCount: bucketCount)], bounds: buckets) }
    }

    /// Registers the counter series (at 0) if new and returns its handle.
    public func counter(_ name: String, labels: KeyValuePairs<String, String> = [:]) -> CounterHandle {
        let k = Self.key(name, labels)
        return CounterHandle(slot: state.withLock { $0.counterSlot(k) })
    }

    /// Registers the histogram series (empty) if new and returns its handle.
    public func histogram(_ name: String, labels: KeyValuePairs<String, String> = [:]) -> HistogramHandle {
        let k = Self.key(name, labels)
        let bucketCount = buckets.count
        return HistogramHandle(slot: state.withLock { $0.histogramSlot(k, bucketCount: bucketCount) })
    }

    /// One counter increment and one histogram observation under a single lock (a request's metrics).
    public func increment(_ counter: CounterHandle, observing value: Double, in histogram: HistogramHandle) {
        state.withLock { s in
            s.counters[counter.slot] += 1
            Self.record(value, in: &s.histograms[histogram.slot], bounds: buckets)
        }
    }

    private static func record(_ value: Double, in h: inout Histogram, bounds: [Double]) {
        for i in bounds.indices where value <= bounds[i] { h.buckets[i] += 1 }
        h.sum += value
        h.count += 1
    }

    public func counterValue(_ name: String, labels: KeyValuePairs<String, String> = [:]) -> Double {
        let k = Self.key(name, labels)
        return state.withLock { s in s.counterSlots[k].map { s.counters[$0] } ?? 0 }
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
        for (k, slot) in snapshot.counterSlots.sorted(by: { $0.key < $1.key }) {
            let v = snapshot.counters[slot]
            header(k.name, "counter")
            out += "\(k.name)\(labelText(k.labels)) \(Self.format(v))\n"
        }
        for (k, slot) in snapshot.histogramSlots.sorted(by: { $0.key < $1.key }) {
            let h = snapshot.histograms[slot]
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
