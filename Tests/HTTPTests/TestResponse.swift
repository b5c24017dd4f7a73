@testable import HTTP

/// A response as read off the wire by `TestClient`.
struct TestResponse {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The `type` of a JSON error document, found textually to keep tests independent of a decoder.
    var errorType: String? {
        guard let range = text.range(of: #"{"error":{"type":""#) else { return nil }
        return String(text[range.upperBound...].prefix { $0 != "\"" })
    }
}
