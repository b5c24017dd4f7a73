import Foundation

/// ISO-8601 UTC timestamps with milliseconds (`2026-12-01T21:30:00.123Z`), the one format used in
/// the API and the logs. Built from `gmtime_r` (no shared formatter, no locale).
public enum Timestamp {
    public static func now() -> String { format(Date()) }

    public static func format(_ date: Date) -> String {
        let t = date.timeIntervalSince1970
        var secs = time_t(t.rounded(.down))
        var ms = Int(((t - Double(secs)) * 1000).rounded(.down))
        if ms >= 1000 { ms = 999 }
        var tm = tm()
        gmtime_r(&secs, &tm)
        // Digits by hand: String(format:) goes through Foundation's formatter and showed up in
        // the per-request access log's cost.
        var out = [UInt8]()
        out.reserveCapacity(24)
        func digits(_ value: Int, _ width: Int) {
            var v = value
            var buf = [UInt8](repeating: 0x30, count: width)
            for i in stride(from: width - 1, through: 0, by: -1) {
                buf[i] = 0x30 + UInt8(v % 10)
                v /= 10
            }
            out.append(contentsOf: buf)
        }
        digits(Int(tm.tm_year) + 1900, 4); out.append(0x2D)
        digits(Int(tm.tm_mon) + 1, 2); out.append(0x2D)
        digits(Int(tm.tm_mday), 2); out.append(0x54)
        digits(Int(tm.tm_hour), 2); out.append(0x3A)
        digits(Int(tm.tm_min), 2); out.append(0x3A)
        digits(Int(tm.tm_sec), 2); out.append(0x2E)
        digits(ms, 3); out.append(0x5A)
        return String(decoding: out, as: UTF8.self)
    }
}
