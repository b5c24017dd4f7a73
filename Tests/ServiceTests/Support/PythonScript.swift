import Foundation
import TestSupport

/// Runs `python3 -c script` (or a file) with a deadline, for tests that check our files with
/// numpy or drive `ray/driver.py`; the output is stdout and stderr together.
enum PythonScript {
    struct Result {
        let status: Int32
        let output: String
    }

    static func run(_ script: String, arguments: [String], timeout: Double = 120) throws -> Result {
        try run(["-c", script] + arguments, timeout: timeout)
    }

    /// `python3 arguments...`; killed (status -9 reported) when it outlives `timeout` seconds.
    static func run(_ arguments: [String], timeout: Double = 120) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("shortlist-py-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        if !eventually(within: timeout, interval: 0.02, { !process.isRunning }) {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return Result(status: -9, output: "timed out after \(timeout) s: " + ((try? String(contentsOf: log, encoding: .utf8)) ?? ""))
        }
        return Result(status: process.terminationStatus, output: (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }
}
