import Foundation

extension DatabasePool {
    /// The directory of the database file (`.` for a bare file name): where files that grow with
    /// the data are staged (uploads, dsir's spill), on the data's disk with its free space.
    public var directory: String {
        let directory = (path as NSString).deletingLastPathComponent
        return directory.isEmpty ? "." : directory
    }

    /// Whether the database lives in memory (`:memory:` or an empty path): no disk of its own.
    public var isInMemory: Bool { path == ":memory:" || path.isEmpty }
}
