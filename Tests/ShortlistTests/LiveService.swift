import Foundation
@testable import Service
import TestSupport

/// An in-process service on port 0 with a temp-dir database, for CLI tests.
final class LiveService: @unchecked Sendable {
    let service: ShortlistService
    let temporary: TemporaryDirectory
    var directory: URL { temporary.url }

    init(apiKey: String? = nil) throws {
        temporary = try TemporaryDirectory("cli")
        var c = ServiceConfiguration()
        c.port = 0
        c.databasePath = temporary.databasePath
        c.apiKey = apiKey
        c.logLevel = "warning"
        service = try ShortlistService(configuration: c, logSink: BufferedLogSink(fd: open("/dev/null", O_WRONLY)))
        try service.start()
    }

    var url: String { "http://127.0.0.1:\(service.port)" }

    func file(_ name: String, _ text: String) throws -> String { try temporary.file(name, text) }

    deinit { service.shutdown() }
}
