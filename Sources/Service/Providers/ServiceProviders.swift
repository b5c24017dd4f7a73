import Providers
import Storage

/// The LLM and embedder the service calls, built once from the configuration. Upstream calls run
/// on `executor`, a bounded pool of dedicated threads; the calling request or job thread blocks
/// until its call returns (each HTTP connection has its own thread, so nothing else waits).
final class ServiceProviders: Sendable {
    let configuration: ProviderConfiguration
    let executor: ProviderExecutor
    let metrics: ProviderMetrics
    let cache: any ProviderCache
    /// nil when no LLM is configured.
    let chat: ChatClient?
    /// The configured endpoint, or the built-in hashing embedder.
    let embedder: any Embedder

    init(configuration: ProviderConfiguration, database: DatabasePool) {
        self.configuration = configuration
        executor = configuration.makeExecutor()
        metrics = ProviderMetrics()
        cache = SQLiteProviderCache(database: database)
        chat = configuration.chatClient(cache: cache, executor: executor, metrics: metrics)
        embedder = configuration.embedder(cache: cache, executor: executor, metrics: metrics)
    }

    /// Whether `feature` was produced by the embedder configured now (same name and model).
    func matches(embedder name: String?, model: String?) -> Bool {
        name == embedder.name && model == embedder.model
    }
}
