import Foundation

/// Everything `shortlist serve` needs, resolved from flags, then `SHORTLIST_*` environment
/// variables, then defaults (in that order of precedence).
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
    public var shutdownGrace: Double = 10
    public var jsonBodyLimit = 16 << 20
    /// Selections, exemplars with inline vectors, item bodies (design/api.md).
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

    public var llmBaseURL: String?
    public var llmModel: String?
    public var llmAPIKey: String?
    public var embedBaseURL: String?
    public var embedModel: String?
    public var embedAPIKey: String?
    /// Total timeout of one provider call, seconds.
    public var providerTimeout: Double = 60
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

    /// Refuses an unauthenticated bind to a non-loopback address (issue 7), and a blank key: it
    /// would turn auth on with a key no client can usefully send.
    public func validate() throws {
        if let apiKey, apiKey.allSatisfy(\.isWhitespace) {
            throw ConfigurationError("the API key is blank: give --api-key (SHORTLIST_API_KEY) a non-blank key, or leave both unset to run without auth")
        }
        if apiKey == nil, !allowUnauthenticated, !Self.isLoopback(host) {
            throw ConfigurationError("refusing to listen on \(host) without an API key: set --api-key or SHORTLIST_API_KEY, or allow it explicitly with --allow-unauthenticated or SHORTLIST_ALLOW_UNAUTHENTICATED=1")
        }
        guard (0...65535).contains(port) else { throw ConfigurationError("port must be in 0...65535, got \(port)") }
        guard jobConcurrency >= 1 else { throw ConfigurationError("job concurrency must be >= 1") }
        guard blockRows >= 1 else { throw ConfigurationError("block rows must be >= 1") }
        guard jobThreads >= 1 else { throw ConfigurationError("job threads must be >= 1") }
        guard embedConcurrency >= 1 else { throw ConfigurationError("embed concurrency must be >= 1") }
        guard headerTimeout > 0, idleTimeout > 0, writeTimeout > 0, shutdownGrace >= 0 else { throw ConfigurationError("timeouts must be positive") }
        try generation.validate()
    }
}

public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
