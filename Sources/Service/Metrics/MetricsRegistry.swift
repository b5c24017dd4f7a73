import Foundation
import Synchronization

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

    /// One counter series. Every counter here counts events, so an atomic integer will do.
    final class CounterCell: Sendable {
        let value = Atomic<UInt64>(0)
    }

    /// One histogram series of durations: a count per bucket (the last one past every bound,
    /// rendered cumulatively, so `+Inf` always equals `_count`) and the sum in nanoseconds.
    final class HistogramCell: Sendable {
        let buckets: [CounterCell]
        let sumNanoseconds = Atomic<UInt64>(0)

        init(bucketCount: Int) { buckets = (0...bucketCount).map { _ in CounterCell() } }

        func record(_ seconds: Double, bounds: [Double]) {
            let index = bounds.firstIndex { seconds <= $0 } ?? bounds.count
            buckets[index].value.add(1, ordering: .relaxed)
            sumNanoseconds.add(UInt64(max(0, min(seconds, 1e9)) * 1e9), ordering: .relaxed)
        }
    }

    struct State {
        var help: [String: (type: String, text: String)] = [:]
        var counters: [SeriesKey: CounterCell] = [:]
        var histograms: [SeriesKey: HistogramCell] = [:]

        mutating func counter(_ key: SeriesKey) -> CounterCell {
            if let cell = counters[key] { return cell }
            let cell = CounterCell()
            counters[key] = cell
            return cell
        }

        mutating func histogram(_ key: SeriesKey, bucketCount: Int) -> HistogramCell {
            if let cell = histograms[key] { return cell }
            let cell = HistogramCell(bucketCount: bucketCount)
            histograms[key] = cell
            return cell
        }
    }

    /// A series resolved once (`counter(_:labels:)`), then bumped without its key or a lock: the
    /// per-request metrics keep handles in a cache and update atomics (a lock here convoyed 64
    /// connection threads).
    public struct CounterHandle: Sendable, Hashable {
        let cell: CounterCell
        public static func == (a: Self, b: Self) -> Bool { a.cell === b.cell }
        public func hash(into h: inout Hasher) { h.combine(ObjectIdentifier(cell)) }
    }

    public struct HistogramHandle: Sendable, Hashable {
        let cell: HistogramCell
        public static func == (a: Self, b: Self) -> Bool { a.cell === b.cell }
        public func hash(into h: inout Hasher) { h.combine(ObjectIdentifier(cell)) }
    }

    private let state = Locked(State())
    private let buckets: [Double]

    public init(buckets: [Double] = MetricsRegistry.defaultBuckets) { self.buckets = buckets }

    static func key(_ name: String, _ labels: KeyValuePairs<String, String>) -> SeriesKey {
        SeriesKey(name: name, labels: labels.map { "\($0.key)=\"\(escape($0.value))\"" })
    }

    static func escape(_ v: String) -> String {
        // Fast path: label values (routes, methods, statuses) almost never need escaping.
        if !v.utf8.contains(where: { $0 == 0x5C || $0 == 0x22 || $0 == 0x0A }) { return v }
        return v.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    public func describe(_ name: String, type: String, help: String) {
        state.withLock { $0.help[name] = (type, help) }
    }

    public func increment(_ name: String, by amount: UInt64 = 1, labels: KeyValuePairs<String, String> = [:]) {
        counter(name, labels: labels).cell.value.add(amount, ordering: .relaxed)
    }

    /// Records a duration in seconds.
    public func observe(_ name: String, _ seconds: Double, labels: KeyValuePairs<String, String> = [:]) {
        histogram(name, labels: labels).cell.record(seconds, bounds: buckets)
    }

    /// Registers the counter series (at 0) if new and returns its handle.
    public func counter(_ name: String, labels: KeyValuePairs<String, String> = [:]) -> CounterHandle {
        let k = Self.key(name, labels)
        return CounterHandle(cell: state.withLock { $0.counter(k) })
    }

    /// Registers the histogram series (empty) if new and returns its handle.
    public func histogram(_ name: String, labels: KeyValuePairs<String, String> = [:]) -> HistogramHandle {
        let k = Self.key(name, labels)
        let bucketCount = buckets.count
        return HistogramHandle(cell: state.withLock { $0.histogram(k, bucketCount: bucketCount) })
    }

    /// One counter increment and one duration observation (a request's metrics), lock-free.
    public func increment(_ counter: CounterHandle, observing seconds: Double, in histogram: HistogramHandle) {
        counter.cell.value.add(1, ordering: .relaxed)
        histogram.cell.record(seconds, bounds: buckets)
    }

    public func counterValue(_ name: String, labels: KeyValuePairs<String, String> = [:]) -> Double {
        let k = Self.key(name, labels)
        return state.withLock { s in s.counters[k].map { Double($0.value.load(ordering: .relaxed)) } ?? 0 }
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
        for (k, cell) in snapshot.counters.sorted(by: { $0.key < $1.key }) {
            header(k.name, "counter")
            out += "\(k.name)\(labelText(k.labels)) \(cell.value.load(ordering: .relaxed))\n"
        }
        for (k, cell) in snapshot.histograms.sorted(by: { $0.key < $1.key }) {
            header(k.name, "histogram")
            var cumulative: UInt64 = 0
            for (i, b) in buckets.enumerated() {
                cumulative += cell.buckets[i].value.load(ordering: .relaxed)
                out += "\(k.name)_bucket\(labelText(k.labels, extra: "le=\"\(Self.format(b))\"")) \(cumulative)\n"
            }
            let count = cumulative + cell.buckets[buckets.count].value.load(ordering: .relaxed)
            let sum = Double(cell.sumNanoseconds.load(ordering: .relaxed)) / 1e9
            out += "\(k.name)_bucket\(labelText(k.labels, extra: "le=\"+Inf\"")) \(count)\n"
            out += "\(k.name)_sum\(labelText(k.labels)) \(Self.format(sum))\n"
            out += "\(k.name)_count\(labelText(k.labels)) \(count)\n"
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
