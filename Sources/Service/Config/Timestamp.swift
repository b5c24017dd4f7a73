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
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                      Int(tm.tm_year) + 1900, Int(tm.tm_mon) + 1, Int(tm.tm_mday), Int(tm.tm_hour), Int(tm.tm_min), Int(tm.tm_sec), ms)
    }
}
