import Foundation

/// The built `shortlist serve` binary as a child process on port 0, for crash-safety tests: the
/// port is parsed from the `listening` log line on stderr.
final class ServiceProcess {
    static let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/debug/shortlist").path

    let process = Process()
    /// stderr goes to a file, not a pipe: an unread pipe would fill and block the service's log.
    let logPath = FileManager.default.temporaryDirectory.appendingPathComponent("shortlist-proc-\(UUID().uuidString).log").path
    private(set) var port = 0

    /// Starts the binary and waits (up to 20 s) for it to listen; throws with its stderr if it exits first.
    init(arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.environment = environment.merging(["PATH": "/usr/bin:/bin"]) { a, _ in a }
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: logPath)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while port == 0 && process.isRunning && Date() < deadline {
            usleep(20_000)
            if let line = log.split(separator: "\n").first(where: { $0.contains("msg=listening") }),
               let field = line.split(separator: " ").first(where: { $0.hasPrefix("http.port=") }) {
                port = Int(field.dropFirst("http.port=".count)) ?? 0
            }
        }
        guard port != 0 else {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            throw ProcessFailure("shortlist did not start listening: \(log)")
        }
    }

    static func serve(db: String, extra: [String] = []) throws -> ServiceProcess {
        try ServiceProcess(arguments: ["serve", "--port", "0", "--db", db] + extra)
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    func signal(_ sig: Int32) { kill(process.processIdentifier, sig) }

    /// Waits for the exit and returns the status (nil if it did not exit within `seconds`).
    func waitForExit(seconds: Double = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: logPath)
    }
}

struct ProcessFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
