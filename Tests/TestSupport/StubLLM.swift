import Foundation

/// scripts/stub_llm.py (an OpenAI-compatible chat and embedding server) as a child process on a
/// free port (`StubServerProcess`), with its recording and control routes.
public final class StubLLM: @unchecked Sendable {
    let server: StubServerProcess
    public var port: Int { server.port }

    /// `arguments` are the stub's own (`--mode 500`, `--dim 6`, ...).
    public init(_ arguments: [String] = []) throws {
        server = try StubServerProcess(script: "stub_llm.py", arguments: arguments)
    }

    /// The OpenAI-compatible base URL to configure a client or the service with.
    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// GET /stats, e.g. ["chat": 1, "embeddings": 0].
    public func stats() throws -> [String: Any] { try getJSON("/stats") as? [String: Any] ?? [:] }

    /// One counter of /stats (-1 when the stub has no such counter).
    public func count(_ key: String) throws -> Int { try stats()[key] as? Int ?? -1 }

    /// Every chat request body the stub received, in arrival order.
    public func chatRequests() throws -> [[String: Any]] { try getJSON("/chat_requests") as? [[String: Any]] ?? [] }

    /// The role/content pairs of one recorded chat request.
    public static func messages(_ body: [String: Any]) -> [[String]] {
        ((body["messages"] as? [[String: Any]]) ?? []).map { [$0["role"] as? String ?? "?", $0["content"] as? String ?? "?"] }
    }

    /// POST /control, e.g. ["mode": "500"].
    public func control(_ settings: [String: Any]) throws {
        let body = Array(try JSONSerialization.data(withJSONObject: settings))
        let response = try TestHTTPClient(port: port).request("POST", "/control", headers: [("Content-Type", "application/json")], body: body)
        guard response.status == 200 else { throw TestFailure("stub /control answered \(response.status): \(response.text)") }
    }

    private func getJSON(_ path: String) throws -> Any {
        let response = try TestHTTPClient(port: port).request("GET", path)
        return try JSONSerialization.jsonObject(with: Data(response.body))
    }
}
