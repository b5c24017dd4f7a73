import Foundation
import PropertyBased
import Testing
@testable import Storage

@Suite struct TimestampTests {
    @Test func format_IsISO8601UTC_WithMilliseconds() {
        #expect(Timestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_796_160_600.1235)) == "2026-12-01T21:30:00.123Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 951_782_400.999_9)) == "2000-02-29T00:00:00.999Z")
        #expect(Timestamp.format(seconds: 4_107_542_399, milliseconds: 999) == "2100-02-28T23:59:59.999Z")
        #expect(Timestamp.format(seconds: -1, milliseconds: 0) == "1969-12-31T23:59:59.000Z")
    }

    @Test func now_IsTheCurrentSecond() {
        let before = Timestamp.format(seconds: Int(Date().timeIntervalSince1970), milliseconds: 0)
        let now = Timestamp.now()
        #expect(now.utf8.count == Timestamp.byteCount)
        #expect(now.prefix(16) == before.prefix(16) || now > before, "\(now) vs \(before)")
    }

    /// The arithmetic civil date agrees with the C library's gmtime_r on any second from 1970 to 2400.
    @Test func format_AgreesWithGmtime_OnAnySecond() async {
        await propertyCheck(input: Gen.int(in: 0...13_569_465_600), Gen.int(in: 0...999)) { seconds, ms in
            var t = time_t(seconds)
            var parts = tm()
            gmtime_r(&t, &parts)
            let expected = String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                                  Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                                  Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), ms)
            #expect(Timestamp.format(seconds: seconds, milliseconds: ms) == expected)
        }
    }
}
