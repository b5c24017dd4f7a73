import Foundation
@testable import Service
import TestSupport

/// A running service on an ephemeral port with its own temp-dir database, for one test.
final class ServiceHarness: @unchecked Sendable {
    let service: ShortlistService
    let client: TestHTTPClient
    let temporary: TemporaryDirectory
    var directory: URL { temporary.url }

    static func make(_ configure: (inout ServiceConfiguration) -> Void = { _ in }) throws -> ServiceHarness {
        let temporary = try TemporaryDirectory("service")
        var c = ServiceConfiguration()
        c.port = 0
        c.databasePath = temporary.databasePath
        c.logLevel = "warning"
        configure(&c)
        return try ServiceHarness(configuration: c, temporary: temporary)
    }

    init(configuration: ServiceConfiguration, temporary: TemporaryDirectory) throws {
        // Tests keep the log out of the test output: lines go to /dev/null.
        let devnull = open("/dev/null", O_WRONLY)
        service = try ShortlistService(configuration: configuration, logSink: BufferedLogSink(fd: devnull))
        try service.start()
        client = TestHTTPClient(port: service.port)
        self.temporary = temporary
    }

    deinit { service.shutdown() }
}
