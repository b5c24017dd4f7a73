import Foundation

/// A fresh directory under the system's temporary folder, removed with everything in it when the
/// value goes away: each test's databases, uploads and logs live in one.
public final class TemporaryDirectory: @unchecked Sendable {
    public let url: URL

    /// `label` names the directory (`shortlist-<label>-<uuid>`) so a leftover says whose it is.
    public init(_ label: String = "test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("shortlist-\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The path of `name` inside the directory (not created).
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// A database file path inside the directory; SQLite creates it (and its -wal, -shm) on open.
    public var databasePath: String { path("test.db") }

    /// Writes `text` to `name` inside the directory and returns its path.
    public func file(_ name: String, _ text: String) throws -> String {
        let path = path(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
