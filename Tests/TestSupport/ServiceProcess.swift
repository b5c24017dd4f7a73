import Foundation

/// The built `shortlist` binary as a child process (`serve` on port 0), for tests over real
/// processes, signals and restarts: the port is parsed from the `listening` log line on stderr.
public final class ServiceProcess: @unchecked Sendable {
    public static let binary = RepositoryFiles.debugBinary.path

    /// Whether the binary is built (tests over processes are skipped without it).
    public static var isBuilt: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    public let process = Process()
    /// stderr goes to a file, not a pipe: an unread pipe would fill and block the service's log.
    let logPath = FileManager.default.temporaryDirectory.appendingPathComponent("shortlist-proc-\(UUID().uuidString).log").path
    public private(set) var port = 0

    /// Starts the binary and waits (up to 30 s) for it to listen; throws with its stderr if it exits first.
    public init(arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.environment = environment.merging(Self.inheritedEnvironment) { a, _ in a }
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: logPath)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        _ = eventually(within: 30) {
            if let line = log.split(separator: "\n").first(where: { $0.contains("msg=listening") }),
               let field = line.split(separator: " ").first(where: { $0.hasPrefix("http.port=") }) {
                port = Int(field.dropFirst("http.port=".count)) ?? 0
            }
            return port != 0 || !process.isRunning
        }
        guard port != 0 else {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            throw TestFailure("shortlist did not start listening: \(log)")
        }
    }

    /// The test process's environment without the service's own settings (`SHORTLIST_*`, `OPENAI_*`):
    /// a developer's settings must not reach the child, but the rest must. OpenBLAS picks its
    /// kernels from `OPENBLAS_CORETYPE` and the like; a child on other kernels sums in another order,
    /// and the restart tests compare its scores bit for bit with a reference computed in this process.
    static var inheritedEnvironment: [String: String] {
        ProcessInfo.processInfo.environment.filter { key, _ in !key.hasPrefix("SHORTLIST_") && !key.hasPrefix("OPENAI_") }
    }

    /// `shortlist serve --port 0 --db <db>` and `extra` arguments.
    public static func serve(db: String, extra: [String] = []) throws -> ServiceProcess {
        try ServiceProcess(arguments: ["serve", "--port", "0", "--db", db] + extra)
    }

    /// What the process wrote on stderr so far.
    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    public func signal(_ sig: Int32) { kill(process.processIdentifier, sig) }

    /// Waits for the exit and returns the status (nil if it did not exit within `seconds`).
    public func waitForExit(seconds: Double = 20) -> Int32? {
        _ = eventually(within: seconds) { !process.isRunning }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// SIGKILL, then waits for the exit; true when the process died of the signal.
    @discardableResult
    public func kill9() -> Bool {
        signal(SIGKILL)
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: logPath)
    }
}
