import Foundation

/// scripts/stub_llm.py (an OpenAI-compatible chat and embedding server) as a child process on a
/// free port. It exits when our end of its stdin closes (deinit, or this process dying), so no
/// stub outlives a test run.
public final class StubLLM: @unchecked Sendable {
    let process = Process()
    let input = Pipe()
    public let port: Int

    /// `arguments` are the stub's own (`--mode 500`, `--dim 6`, ...).
    public init(_ arguments: [String] = []) throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", RepositoryFiles.url("scripts/stub_llm.py").path, "--port", "0", "--exit-on-stdin-eof"]
            + arguments
        process.standardOutput = output
        process.standardInput = input
        try process.run()
        var bytes: [UInt8] = []
        while let chunk = try? output.fileHandleForReading.read(upToCount: 1), let byte = chunk.first, byte != UInt8(ascii: "\n") {
            bytes.append(byte)
        }
        guard let port = Int(String(decoding: bytes, as: UTF8.self)) else {
            process.terminate()
            throw TestFailure("the stub LLM printed no port: \(String(decoding: bytes, as: UTF8.self))")
        }
        self.port = port
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.terminate()
        process.waitUntilExit()
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
