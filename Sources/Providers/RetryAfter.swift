import Foundation

/// The Retry-After header: delay-seconds or an HTTP date (RFC 9110 §10.2.3).
enum RetryAfter {
    /// Seconds to wait from `now`, or nil when the value is neither form. Past dates give 0.
    static func seconds(_ value: String, now: Date = Date()) -> Double? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed) { return seconds.isFinite && seconds >= 0 ? seconds : nil }
        guard let date = httpDate(trimmed) else { return nil }
        return max(date.timeIntervalSince(now), 0)
    }

    // IMF-fixdate first, then the two obsolete forms recipients must accept.
    private static let formats = ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"]

    static func httpDate(_ text: String) -> Date? {
        for format in formats {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
