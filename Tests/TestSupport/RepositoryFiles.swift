import Foundation

/// Files of this repository as tests see them: the root, the fixtures under Tests/Fixtures, the
/// built binary. Found from this file's path, so tests run from any working directory.
public enum RepositoryFiles {
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A file or folder by its path from the repository root (`scripts/stub_llm.py`).
    public static func url(_ relativePath: String) -> URL { root.appendingPathComponent(relativePath) }

    /// The Tests/Fixtures folder: every target's fixtures, one folder per topic.
    public static let fixtures = url("Tests/Fixtures")

    /// A fixture by its path under Tests/Fixtures (`gist/energy_wide_m_gt_d.json`).
    public static func fixture(_ relativePath: String) -> URL { fixtures.appendingPathComponent(relativePath) }

    /// The fixture files of one folder under Tests/Fixtures with this extension, sorted by name.
    public static func fixtureNames(in folder: String, extension ext: String = "json") -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixture(folder).path)) ?? []
        return names.filter { $0.hasSuffix("." + ext) }.sorted()
    }

    /// `.build/debug/shortlist`, built by `swift build --build-tests`.
    public static let debugBinary = url(".build/debug/shortlist")
}
