@testable import HTTP

/// A response as read off the wire by `TestClient`.
struct TestResponse {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }
}
