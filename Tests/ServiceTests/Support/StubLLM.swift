import Foundation
@testable import Providers

/// scripts/stub_llm.py as a child process on a free port (`StubServerProcess`).
final class StubLLM: @unchecked Sendable {
    let server: StubServerProcess
    var port: Int { server.port }

    init(_ arguments: [String] = []) throws {
        server = try StubServerProcess(script: "stub_llm.py", arguments: arguments)
    }

    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    func stats() throws -> [String: Any] {
        let response = try CurlTransport().send(HTTPRequestSpec(method: "GET", url: "http://127.0.0.1:\(port)/stats"), timeouts: ProviderTimeouts())
        return (try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]) ?? [:]
    }

    func count(_ key: String) throws -> Int { try stats()[key] as? Int ?? -1 }

    /// Every chat request body the stub received, in arrival order.
    func chatRequests() throws -> [[String: Any]] {
        let response = try CurlTransport().send(HTTPRequestSpec(method: "GET", url: "http://127.0.0.1:\(port)/chat_requests"),
                                                timeouts: ProviderTimeouts())
        return (try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]]) ?? []
    }

    /// The role/content pairs of one recorded chat request.
    static func messages(_ body: [String: Any]) -> [[String]] {
        ((body["messages"] as? [[String: Any]]) ?? []).map { [$0["role"] as? String ?? "?", $0["content"] as? String ?? "?"] }
    }

    /// POST /control, e.g. ["mode": "500"].
    func control(_ settings: [String: Any]) throws {
        let body = try JSONSerialization.data(withJSONObject: settings)
        _ = try CurlTransport().send(
            HTTPRequestSpec(method: "POST", url: "http://127.0.0.1:\(port)/control", headers: [("Content-Type", "application/json")], body: Array(body)),
            timeouts: ProviderTimeouts())
    }

    /// The stub's deterministic embedding of `text` (its `vector()`), for comparing stored rows.
    static func vector(_ text: String, dim: Int) -> [Float] {
        var values: [Float] = []
        var counter = 0
        while values.count < dim {
            let block = SHA256.digest(Array("\(counter):\(text)".utf8))
            var i = 0
            while i + 4 <= block.count, values.count < dim {
                let word = UInt32(block[i]) | UInt32(block[i + 1]) << 8 | UInt32(block[i + 2]) << 16 | UInt32(block[i + 3]) << 24
                values.append(Float(Double(word) / 2_147_483_648.0 - 1.0))
                i += 4
            }
            counter += 1
        }
        return values
    }
}

