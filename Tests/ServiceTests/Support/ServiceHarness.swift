import Foundation
@testable import Service

/// A running service on an ephemeral port with its own temp-dir database, for one test.
final class ServiceHarness: @unchecked Sendable {
    let service: ShortlistService
    let client: TestHTTPClient
    let directory: URL

    static func make(_ configure: (inout ServiceConfiguration) -> Void = { _ in }) throws -> ServiceHarness {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shortlist-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var c = ServiceConfiguration()
        c.port = 0
        c.databasePath = dir.appendingPathComponent("test.db").path
        c.logLevel = "warning"
        configure(&c)
        return try ServiceHarness(configuration: c, directory: dir)
    }

    init(configuration: ServiceConfiguration, directory: URL) throws {
        // Tests keep the log out of the test output: lines go to /dev/null.
        let devnull = open("/dev/null", O_WRONLY)
        service = try ShortlistService(configuration: configuration, logSink: BufferedLogSink(fd: devnull))
        try service.start()
        client = TestHTTPClient(port: service.port)
        self.directory = directory
    }

    deinit {
        service.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }
}
