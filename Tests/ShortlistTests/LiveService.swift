import Foundation
@testable import Service

/// An in-process service on port 0 with a temp-dir database, for CLI tests.
final class LiveService: @unchecked Sendable {
    let service: ShortlistService
    let directory: URL

    init(apiKey: String? = nil) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("shortlist-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var c = ServiceConfiguration()
        c.port = 0
        c.databasePath = directory.appendingPathComponent("cli.db").path
        c.apiKey = apiKey
        c.logLevel = "warning"
        service = try ShortlistService(configuration: c, logSink: BufferedLogSink(fd: open("/dev/null", O_WRONLY)))
        try service.start()
    }

    var url: String { "http://127.0.0.1:\(service.port)" }

    func file(_ name: String, _ text: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    deinit {
        service.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }
}
