import Foundation

/// A stub server script of scripts/ (`python3 scripts/<script> --port 0 --exit-on-stdin-eof ...`)
/// as a child process: it prints the port it bound first, and exits when our end of its stdin
/// closes (deinit, or this process dying), so no stub outlives a test run.
public final class StubServerProcess: @unchecked Sendable {
    let process = Process()
    let input = Pipe()
    public let port: Int

    /// `arguments` are the script's own (`--mode 500`, `--dim 6`, ...).
    public init(script: String, arguments: [String] = []) throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", RepositoryFiles.url("scripts/\(script)").path, "--port", "0", "--exit-on-stdin-eof"]
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
            throw TestFailure("\(script) printed no port: \(String(decoding: bytes, as: UTF8.self))")
        }
        self.port = port
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.terminate()
        process.waitUntilExit()
    }
}
