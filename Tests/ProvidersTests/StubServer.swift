import Foundation
@testable import Providers

/// scripts/stub_llm.py running as a child process on a free port, stopped on deinit.
final class StubServer: @unchecked Sendable {
    let process = Process()
    let input = Pipe()
    let port: Int

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    init(_ arguments: [String] = []) throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.repositoryRoot.appendingPathComponent("scripts/stub_llm.py").path, "--port", "0"] + arguments
        process.standardOutput = output
        try process.run()
        let firstLine = Self.readLine(output.fileHandleForReading)
        guard let port = Int(firstLine) else {
            process.terminate()
            throw StubServerError.noPort(firstLine)
        }
        self.port = port
    }

    // Closing stdin makes the stub exit by itself, even if this process dies first.
    deinit {
        try? input.fileHandleForWriting.close()
        process.terminate()
        process.waitUntilExit()
    }

    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    func endpoint(model: String = "stub-model", apiKey: String? = nil) -> ProviderEndpoint {
        ProviderEndpoint(baseURL: baseURL, model: model, apiKey: apiKey)
    }

    /// GET /stats, e.g. ["chat": 1, "embeddings": 0].
    func stats() throws -> [String: Any] {
        let response = try CurlTransport().send(
            HTTPRequestSpec(method: "GET", url: "http://127.0.0.1:\(port)/stats"), timeouts: ProviderTimeouts())
        return (try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]) ?? [:]
    }

    func count(_ endpoint: String) throws -> Int { try stats()[endpoint] as? Int ?? -1 }

    private static func readLine(_ handle: FileHandle) -> String {
        var bytes: [UInt8] = []
        while let chunk = try? handle.read(upToCount: 1), let byte = chunk.first, byte != UInt8(ascii: "\n") {
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

enum StubServerError: Error { case noPort(String) }
