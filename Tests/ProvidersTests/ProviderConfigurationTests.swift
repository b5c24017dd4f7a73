import Testing
@testable import Providers

struct ProviderConfigurationTests {
    @Test func fromEnvironment_ConfiguresNothing_WithoutModels() throws {
        let configuration = try ProviderConfiguration.fromEnvironment(["OPENAI_API_KEY": "sk-x"])
        #expect(configuration.llm == nil && configuration.embedding == nil)
        #expect(configuration.timeouts == ProviderTimeouts(connectMilliseconds: 5_000, totalMilliseconds: 60_000))
    }

    @Test func fromEnvironment_FallsBackToOpenAIVariables_ForTheLLM() throws {
        let configuration = try ProviderConfiguration.fromEnvironment([
            "SHORTLIST_LLM_MODEL": "gpt", "OPENAI_BASE_URL": "http://local:1/v1/", "OPENAI_API_KEY": "sk-openai",
        ])
        #expect(configuration.llm == ProviderEndpoint(baseURL: "http://local:1/v1", model: "gpt", apiKey: "sk-openai"))
    }

    @Test func fromEnvironment_PrefersShortlistVariables_AndSharesTheLLMEndpointWithEmbeddings() throws {
        let configuration = try ProviderConfiguration.fromEnvironment([
            "SHORTLIST_LLM_MODEL": "gpt", "SHORTLIST_LLM_BASE_URL": "https://llm/v1", "SHORTLIST_LLM_API_KEY": "sk-llm",
            "OPENAI_BASE_URL": "http://ignored/v1", "OPENAI_API_KEY": "sk-ignored",
            "SHORTLIST_EMBED_MODEL": "e5", "SHORTLIST_PROVIDER_TIMEOUT_MS": "1500", "SHORTLIST_EMBED_ENCODING": "base64",
        ])
        #expect(configuration.llm == ProviderEndpoint(baseURL: "https://llm/v1", model: "gpt", apiKey: "sk-llm"))
        #expect(configuration.embedding == ProviderEndpoint(baseURL: "https://llm/v1", model: "e5", apiKey: "sk-llm"))
        #expect(configuration.timeouts.totalMilliseconds == 1500)
        #expect(configuration.embeddingEncoding == .base64)
    }

    @Test func fromEnvironment_UsesTheEmbeddingEndpointsOwnURLAndKey() throws {
        let configuration = try ProviderConfiguration.fromEnvironment([
            "SHORTLIST_EMBED_MODEL": "e5", "SHORTLIST_EMBED_BASE_URL": "http://embed:9/v1", "SHORTLIST_EMBED_API_KEY": "sk-embed",
            "SHORTLIST_EMBED_DIMENSIONS": "384",
        ])
        #expect(configuration.embedding == ProviderEndpoint(baseURL: "http://embed:9/v1", model: "e5", apiKey: "sk-embed"))
        #expect(configuration.embeddingDimension == 384 && configuration.llm == nil)
    }

    @Test(arguments: [
        ("SHORTLIST_PROVIDER_TIMEOUT_MS", "soon"), ("SHORTLIST_PROVIDER_CONNECT_TIMEOUT_MS", "0"),
        ("SHORTLIST_EMBED_BATCH_SIZE", "-3"), ("SHORTLIST_LLM_BASE_URL", "ftp://x"), ("SHORTLIST_EMBED_ENCODING", "hex"),
        ("SHORTLIST_PROVIDER_MAX_ATTEMPTS", "9"),
    ])
    func fromEnvironment_RejectsBadValues_NamingTheVariable(variable: String, value: String) {
        #expect {
            try ProviderConfiguration.fromEnvironment([variable: value, "SHORTLIST_LLM_MODEL": "m"])
        } throws: { error in
            (error as? ProviderConfigurationError)?.variable == variable
        }
    }

    @Test func description_RedactsKeys() throws {
        let configuration = try ProviderConfiguration.fromEnvironment([
            "SHORTLIST_LLM_MODEL": "gpt", "SHORTLIST_LLM_API_KEY": "sk-very-secret", "SHORTLIST_EMBED_MODEL": "e5",
        ])
        let text = "\(configuration)"
        #expect(!text.contains("sk-very-secret"))
        #expect(text.contains("model=gpt") && text.contains("api_key=[redacted]"))
    }
}

struct ProviderConfigurationClientsTests {
    let executor = ProviderExecutor(maxConcurrent: 1)

    @Test func embedder_IsTheHashingEmbedder_WithoutAnEmbeddingEndpoint() throws {
        let configuration = try ProviderConfiguration.fromEnvironment([:])
        #expect(configuration.embedder(cache: nil, executor: executor, metrics: ProviderMetrics()).name == "hashing-1024")
        #expect(configuration.chatClient(cache: nil, executor: executor, metrics: ProviderMetrics()) == nil)
    }

    @Test func clients_UseTheConfiguredEndpoints() throws {
        let configuration = try ProviderConfiguration.fromEnvironment([
            "SHORTLIST_LLM_MODEL": "gpt", "SHORTLIST_EMBED_MODEL": "e5", "SHORTLIST_EMBED_DIMENSIONS": "384",
        ])
        let embedder = configuration.embedder(cache: nil, executor: executor, metrics: ProviderMetrics())
        #expect(embedder.model == "e5" && embedder.dimension == 384 && embedder.name == "openai-compatible")
        #expect(configuration.chatClient(cache: nil, executor: executor, metrics: ProviderMetrics())?.endpoint.model == "gpt")
    }
}
