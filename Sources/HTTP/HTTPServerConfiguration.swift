/// Every limit and deadline of the server; defaults follow the issue and api.md.
public struct HTTPServerConfiguration: Sendable {
    public static let defaultCollectedBodyLimit = 16 * 1024 * 1024

    public var host: String
    /// 0 asks the kernel for an ephemeral port (read it back from `HTTPServer.port`).
    public var port: Int
    /// Time allowed from the first byte of a request (or from accept) to the end of its head.
    public var headerTimeout: Duration
    /// How long a keep-alive connection may sit between requests.
    public var idleTimeout: Duration
    /// Longest silence allowed while a handler waits for request body bytes.
    public var bodyReadTimeout: Duration
    /// How long in-flight requests may finish after `shutdown()` begins.
    public var shutdownGrace: Duration
    /// How long one send may block on a client that does not read (SO_SNDTIMEO).
    public var sendTimeout: Duration
    public var maxRequestLineBytes: Int
    public var maxHeaderBytes: Int
    public var maxHeaderCount: Int
    /// The limit for collected bodies when a route sets none.
    public var defaultBodyLimit: Int
    /// The limit for bodies read as a stream (`read(upTo:)`) when a route sets none.
    public var defaultStreamLimit: Int
    /// Unread body left by a handler up to this size is drained to keep the connection; beyond, close.
    public var maxDrainBytes: Int
    /// Open connections are capped at this and at a safe fraction of RLIMIT_NOFILE.
    public var maxConnections: Int
    public var listenBacklog: Int
    public var threadStackSize: Int
    /// Memory all collected request bodies may take at once (see `RequestBodyBudget`).
    public var bodyMemoryBudget = 1 << 30
    /// How long a body over the budget waits for room before its 503.
    public var bodyBudgetWait: Duration = .seconds(1)

    public init(
        host: String = "127.0.0.1", port: Int = 8080, headerTimeout: Duration = .seconds(10),
        idleTimeout: Duration = .seconds(60), bodyReadTimeout: Duration = .seconds(30),
        shutdownGrace: Duration = .seconds(10), sendTimeout: Duration = .seconds(30),
        maxRequestLineBytes: Int = 8192, maxHeaderBytes: Int = 65536, maxHeaderCount: Int = 100,
        defaultBodyLimit: Int = HTTPServerConfiguration.defaultCollectedBodyLimit,
        defaultStreamLimit: Int = 64 * 1024 * 1024 * 1024, maxDrainBytes: Int = 1024 * 1024,
        maxConnections: Int = 4096, listenBacklog: Int = 1024, threadStackSize: Int = 4 * 1024 * 1024
    ) {
        self.host = host
        self.port = port
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.bodyReadTimeout = bodyReadTimeout
        self.shutdownGrace = shutdownGrace
        self.sendTimeout = sendTimeout
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.defaultBodyLimit = defaultBodyLimit
        self.defaultStreamLimit = defaultStreamLimit
        self.maxDrainBytes = maxDrainBytes
        self.maxConnections = maxConnections
        self.listenBacklog = listenBacklog
        self.threadStackSize = threadStackSize
    }

    var headLimits: RequestHeadLimits {
        RequestHeadLimits(
            maxRequestLineBytes: maxRequestLineBytes, maxHeaderBytes: maxHeaderBytes, maxHeaderCount: maxHeaderCount)
    }
}
