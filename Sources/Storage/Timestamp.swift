import Foundation

/// ISO-8601 UTC timestamps with milliseconds (`2026-12-01T21:30:00.123Z`): the one format of every
/// `*_at` column, the API and the logs. The civil date comes from integer arithmetic (no gmtime_r,
/// whose time-zone lock showed up in the per-request access log, and no Foundation formatter).
public enum Timestamp {
    /// The bytes of one timestamp.
    public static let byteCount = 24

    public static func now() -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(byteCount)
        appendNow(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the current time's timestamp to a byte buffer (the access log's hot path).
    public static func appendNow(to bytes: inout [UInt8]) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        append(seconds: Int(now.tv_sec), milliseconds: Int(now.tv_nsec) / 1_000_000, to: &bytes)
    }

    public static func format(_ date: Date) -> String {
        let t = date.timeIntervalSince1970
        let seconds = Int(t.rounded(.down))
        return format(seconds: seconds, milliseconds: min(999, Int(((t - Double(seconds)) * 1000).rounded(.down))))
    }

    public static func format(seconds: Int, milliseconds: Int) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(byteCount)
        append(seconds: seconds, milliseconds: milliseconds, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func append(seconds: Int, milliseconds: Int, to out: inout [UInt8]) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        appendDigits(year, width: 4, to: &out); out.append(0x2D)
        appendDigits(month, width: 2, to: &out); out.append(0x2D)
        appendDigits(day, width: 2, to: &out); out.append(0x54)
        appendDigits(secondOfDay / 3600, width: 2, to: &out); out.append(0x3A)
        appendDigits(secondOfDay / 60 % 60, width: 2, to: &out); out.append(0x3A)
        appendDigits(secondOfDay % 60, width: 2, to: &out); out.append(0x2E)
        appendDigits(milliseconds, width: 3, to: &out); out.append(0x5A)
    }

    /// Proleptic Gregorian year, month, day of a day count since 1970-01-01 (H. Hinnant's
    /// `civil_from_days`: eras of 400 years, March-based years so the leap day is last).
    static func civilDate(daysSinceEpoch: Int) -> (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Zero-padded decimal digits of a non-negative value.
    static func appendDigits(_ value: Int, width: Int, to out: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var v = max(0, value)
        while divisor > 0 {
            out.append(0x30 + UInt8(v / divisor % 10))
            v %= divisor
            divisor /= 10
        }
    }
}
