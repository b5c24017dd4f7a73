import Foundation

/// What exporting one checkpoint did: its manifest (where it lies) and which shards were
/// written and which were kept because their bytes had not changed.
public struct ShardExport: Sendable {
    let manifest: ShardManifest
    public let manifestURL: URL
    /// Shard positions written by this export, ascending.
    public let written: [Int]
    /// Shard positions whose file was already there with the same SHA-256, ascending.
    public let reused: [Int]
}
