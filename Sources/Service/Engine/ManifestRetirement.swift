import Foundation

/// Removes a checkpoint's old manifest before the export's first shard write, once.
///
/// Reuse trusts the manifest: a shard whose rows hash to its manifest entry is not written
/// again. An export that stopped (cancel, full disk, crash) after rewriting some shards but
/// before writing its manifest would otherwise leave the old manifest naming the old hashes of
/// rewritten files; if those rows later changed back, the next export would reuse a file whose
/// bytes are not the manifest's (and the map steps would refuse the store). Without a manifest
/// the next export writes every shard, which is the safe reading of an interrupted one.
struct ManifestRetirement: Sendable {
    private let url: URL
    /// Whether the old manifest is still there to remove.
    private let pending: Locked<Bool>

    init(_ url: URL, previous: ShardManifest?) {
        self.url = url
        self.pending = Locked(previous != nil)
    }

    /// Called before every shard write; only the first call of an export removes the file.
    func retire() throws {
        try pending.withLock { pending in
            guard pending else { return }
            // ENOENT: another export of the same checkpoint retired it first.
            guard unlink(url.path) == 0 || errno == ENOENT else {
                throw EngineError("cannot remove \(url.path) before rewriting its shards: \(String(cString: strerror(errno)))")
            }
            pending = false
        }
    }
}
