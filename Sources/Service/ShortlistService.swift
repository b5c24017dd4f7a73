import Foundation
import HTTP
import LinearAlgebra
import Logging
import Storage

/// The running service: the database, the HTTP server with every route, the job runner and the
/// providers. `Service` is the only module that wires the others together.
public final class ShortlistService: @unchecked Sendable {
    public let configuration: ServiceConfiguration
    public let database: DatabasePool
    public let metrics = MetricsRegistry()
    public let logger: Logger
    let logSink: BufferedLogSink
    let router = Router()
    let startedAt = Date()
    let poolMatrixCache = PoolMatrixCache()
    let providers: ServiceProviders
    private(set) var jobRunner: JobRunner!
    private var server: HTTPServer!

    /// Opens (and migrates) the database and builds the routes; `start()` begins listening.
    /// `logSink` lets tests capture or silence the log.
    public init(configuration: ServiceConfiguration, logSink: BufferedLogSink? = nil) throws {
        try configuration.validate()
        BLAS.useSingleThread()
        self.configuration = configuration
        self.logSink = logSink ?? BufferedLogSink()
        let sink = self.logSink
        let level = Logger.Level(rawValue: configuration.logLevel) ?? .info
        var logger = Logger(label: "shortlist") { label in LineLogHandler(label: label, sink: sink, level: level) }
        logger.logLevel = level
        self.logger = logger
        database = try DatabasePool(path: configuration.databasePath)
        providers = ServiceProviders(configuration: configuration.providerConfiguration, database: database)
        describeMetrics()
        jobRunner = JobRunner(
            database: database, concurrency: configuration.jobConcurrency, executors: jobExecutors(), logger: logger,
            metrics: metrics)
        registerRoutes()
        server = HTTPServer(
            configuration: httpConfiguration(), router: router,
            observer: RequestObserver(metrics: metrics, logSink: sink, logLevel: level, label: "shortlist"),
            errorResponder: APIError.response(for:))
    }

    func httpConfiguration() -> HTTPServerConfiguration {
        var h = HTTPServerConfiguration()
        h.host = configuration.host
        h.port = configuration.port
        h.headerTimeout = .milliseconds(Int64(configuration.headerTimeout * 1000))
        h.idleTimeout = .milliseconds(Int64(configuration.idleTimeout * 1000))
        h.sendTimeout = .milliseconds(Int64(configuration.writeTimeout * 1000))
        h.bodyMemoryBudget = configuration.bodyMemoryBudget
        h.shutdownGrace = .milliseconds(Int64(configuration.shutdownGrace * 1000))
        h.defaultBodyLimit = configuration.jsonBodyLimit
        h.defaultStreamLimit = configuration.uploadBodyLimit
        h.maxConnections = configuration.maxConnections
        return h
    }

    /// Every route of docs/api.md, grouped by resource.
    func registerRoutes() {
        registerOpsRoutes()
        registerPoolRoutes()
        registerItemRoutes()
        registerFeatureRoutes()
        registerSelectionRoutes()
        registerExemplarRoutes()
        registerEvaluationRoutes()
        registerProjectionRoutes()
        registerCoverageRoutes()
        registerConsoleRoutes()
    }

    /// One executor per job kind.
    func jobExecutors() -> [any JobExecutor] {
        let ray = configuration.rayAddress.flatMap { address in
            configuration.shardStore.map {
                RayEngine(address: address, store: URL(fileURLWithPath: $0), shardBytes: configuration.shardBytes,
                          binary: configuration.engineBinary ?? RayEngine.currentBinary())
            }
        }
        return [SelectionJobExecutor(database: database, blockRows: configuration.blockRows, workers: configuration.jobThreads, ray: ray),
         EmbedJobExecutor(database: database, embedder: providers.embedder, cache: poolMatrixCache, concurrency: configuration.embedConcurrency),
         EvaluationJobExecutor(database: database, pipeline: exemplarPipeline, defaults: configuration.generation)]
    }

    /// Binds and starts accepting, and starts the job runner (which requeues interrupted jobs);
    /// returns at once.
    public func start() throws {
        try jobRunner.start()
        try server.start()
        logger.info("listening", metadata: ["http.host": "\(configuration.host)", "http.port": "\(server.port)", "config": "\(configuration.redactedDescription)"])
    }

    /// The bound port (useful with port 0).
    public var port: Int { server.port }

    public var openConnections: Int { server.openConnections }

    /// Stops accepting, lets in-flight requests finish (up to the grace period), flushes the log.
    public func shutdown() {
        server.shutdown()
        jobRunner.stop()
        database.drainCheckpoints()
        logger.info("stopped")
        logSink.flush()
    }

    /// `shortlist serve`: runs until SIGTERM or SIGINT, then shuts down gracefully.
    public static func runUntilSignalled(_ configuration: ServiceConfiguration) throws {
        let service = try ShortlistService(configuration: configuration)
        try service.start()
        SignalWaiter.waitForTermination()
        // Said before the drain, which may take the whole grace: the operator (and a test) sees
        // that the signal arrived while in-flight requests finish.
        service.logger.info("shutting down", metadata: ["shutdown.grace_seconds": "\(configuration.shutdownGrace)"])
        service.shutdown()
        service.logSink.close()
    }
}
