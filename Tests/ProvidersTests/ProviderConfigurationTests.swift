import Testing
@testable import Providers

struct ProviderConfigurationTests {
    @Test func description_RedactsKeys() throws {
        let configuration = ProviderConfiguration(
            llm: ProviderEndpoint(baseURL: "http://llm/v1", model: "gpt", apiKey: "sk-very-secret"),
            embedding: ProviderEndpoint(baseURL: "http://llm/v1", model: "e5", apiKey: "sk-very-secret"))
        let text = "\(configuration)"
        #expect(!text.contains("sk-very-secret"))
        #expect(text.contains("model=gpt") && text.contains("api_key=[redacted]"))
    }
}

struct ProviderConfigurationClientsTests {
    let executor = ProviderExecutor(maxConcurrent: 1)

    @Test func embedder_IsTheHashingEmbedder_WithoutAnEmbeddingEndpoint() throws {
        let configuration = ProviderConfiguration()
        #expect(configuration.embedder(cache: nil, executor: executor, metrics: ProviderMetrics()).name == "hashing-1024")
        #expect(configuration.chatClient(cache: nil, executor: executor, metrics: ProviderMetrics()) == nil)
    }

    @Test func clients_UseTheConfiguredEndpoints() throws {
        let configuration = ProviderConfiguration(
            llm: ProviderEndpoint(baseURL: "http://llm/v1", model: "gpt"), embedding: ProviderEndpoint(baseURL: "http://e/v1", model: "e5"),
            embeddingDimension: 384)
        let embedder = configuration.embedder(cache: nil, executor: executor, metrics: ProviderMetrics())
        #expect(embedder.model == "e5" && embedder.dimension == 384 && embedder.name == "openai-compatible")
        #expect(configuration.chatClient(cache: nil, executor: executor, metrics: ProviderMetrics())?.endpoint.model == "gpt")
    }
}
