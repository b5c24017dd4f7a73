import Foundation
import Providers

/// Everything `shortlist serve` needs, resolved from flags, then `SHORTLIST_*` environment
/// variables, then these defaults (in that order of precedence). The settings a user can change
/// are declared in `ServiceConfiguration.settings`; the defaults are written here only.
public struct ServiceConfiguration: Sendable, Equatable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var databasePath = "./shortlist.db"
    /// When set, every route but `GET /healthz` requires `Authorization: Bearer <key>`.
    public var apiKey: String?
    /// Without a key the server refuses a non-loopback address unless this is set.
    public var allowUnauthenticated = false
    public var headerTimeout: Double = 10
    public var idleTimeout: Double = 60
    /// Seconds one send may make no progress on a client that stopped reading before the
    /// connection is closed.
    public var writeTimeout: Double = 30
    /// Bytes all collected request bodies (JSON) may take in memory at once, counting 1.5x each
    /// body for what it parses into; a body over it waits 1 s, then gets 503 + Retry-After.
    public var bodyMemoryBudget = 1 << 30
    public var shutdownGrace: Double = 10
    public var jsonBodyLimit = 16 << 20
    /// Selections, exemplars with inline vectors, item bodies (docs/api.md).
    public var largeBodyLimit = 256 << 20
    /// Streamed feature uploads.
    public var uploadBodyLimit = 64 << 30
    public var maxConnections = 4096
    /// Concurrently running jobs.
    public var jobConcurrency = 1
    /// Candidate rows per block streamed from SQLite into a selection.
    public var blockRows = 4096
    /// Threads one selection job computes on (results never depend on it); default: every
    /// online core.
    public var jobThreads = ProcessInfo.processInfo.activeProcessorCount
    /// Embedding batches an embed job has in flight at once (results keep item order).
    public var embedConcurrency = 4
    public var logLevel = "info"
    /// Directory (a local or shared filesystem path) that sharded exports write their `.npy`
    /// shards and manifests to; unset: no sharded export (docs/scaling.md).
    public var shardStore: String?
    /// Bytes of float32 rows per exported shard (rounded down to whole tiles of 1,024 rows).
    public var shardBytes = 256 << 20
    /// The Ray dashboard's URL (its job-submission API): selections with
    /// `"execution": {"engine": "ray"}` run there. Needs `shardStore`.
    public var rayAddress: String?
    /// The `shortlist` binary the Ray tasks run (same path on every node); nil: this executable.
    public var engineBinary: String?

    public var llmBaseURL: String?
    public var llmModel: String?
    public var llmAPIKey: String?
    public var embedBaseURL: String?
    public var embedModel: String?
    public var embedAPIKey: String?
    /// Total timeout of one provider call, seconds.
    public var providerTimeout: Double = 60
    /// Time allowed to connect to a provider, seconds (bounded by `providerTimeout`).
    public var providerConnectTimeout: Double = 5
    /// Tries per provider call, the first included (retries only on 429, 5xx and timeouts).
    public var providerMaxAttempts = RetryPolicy().maxAttempts
    /// Provider calls in flight at once, across requests and jobs.
    public var providerMaxConcurrent = ProviderConfiguration().maxConcurrent
    /// Texts per embedding request.
    public var embedBatchSize = ProviderConfiguration().embeddingBatchSize
    /// `float` or `base64` embeddings from the endpoint.
    public var embedEncoding = ProviderConfiguration().embeddingEncoding.rawValue
    /// When set, every embedding must have exactly this many dimensions.
    public var embedDimensions: Int?
    /// Prompt format, instruction and decoding defaults of the exemplar route's LLM calls.
    public var generation = GenerationDefaults()

    public init() {}

    /// A key-free description for logs.
    public var redactedDescription: String {
        "host=\(host) port=\(port) db=\(databasePath) auth=\(apiKey == nil ? "off" : "on") jobs=\(jobConcurrency) job_threads=\(jobThreads) block_rows=\(blockRows) embed_concurrency=\(embedConcurrency) llm=\(llmBaseURL ?? "none") embed=\(embedBaseURL ?? "hashing")"
    }

    /// True for 127.0.0.0/8, ::1 and localhost.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// What no single setting can check (each setting's own range is checked where the table
    /// parses it): a blank key, which would turn auth on with a key no client can usefully send,
    /// and an unauthenticated bind to a non-loopback address.
    public func validate() throws(ConfigurationError) {
        if let apiKey, apiKey.allSatisfy(\.isWhitespace) {
            throw ConfigurationError("the API key is blank: give --api-key (SHORTLIST_API_KEY) a non-blank key, or leave both unset to run without auth")
        }
        if rayAddress != nil, shardStore == nil {
            throw ConfigurationError("--ray-address (SHORTLIST_RAY_ADDRESS) needs --shard-store (SHORTLIST_SHARD_STORE): a directory every Ray node reads at the same path")
        }
        if apiKey == nil, !allowUnauthenticated, !Self.isLoopback(host) {
            throw ConfigurationError("refusing to listen on \(host) without an API key: set --api-key or SHORTLIST_API_KEY, or allow it explicitly with --allow-unauthenticated or SHORTLIST_ALLOW_UNAUTHENTICATED=1")
        }
    }
}

public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
