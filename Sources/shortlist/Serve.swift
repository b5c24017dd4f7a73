import ArgumentParser
import Foundation
import Selection
import Service

/// `shortlist serve`: runs the HTTP service. Every flag can also come from `SHORTLIST_*`.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the Shortlist HTTP service.",
        discussion: """
            Every option can also be set by an environment variable (shown in brackets); a flag wins over \
            the variable. The LLM key falls back to OPENAI_API_KEY and the LLM base URL to OPENAI_BASE_URL.
            """)

    @Option(help: "Address to listen on [SHORTLIST_HOST]. (default: 127.0.0.1)")
    var host: String?
    @Option(help: "Port to listen on, 0 for any free port [SHORTLIST_PORT]. (default: 8080)")
    var port: Int?
    @Option(help: "SQLite database file [SHORTLIST_DB]. (default: ./shortlist.db)")
    var db: String?
    @Option(name: .customLong("api-key"), help: "Require 'Authorization: Bearer <key>' on every route but /healthz [SHORTLIST_API_KEY].")
    var apiKey: String?
    @Flag(name: .customLong("allow-unauthenticated"), help: "Allow a non-loopback address without an API key [SHORTLIST_ALLOW_UNAUTHENTICATED].")
    var allowUnauthenticated = false
    @Option(name: .customLong("job-concurrency"), help: "Selection and embed jobs running at once [SHORTLIST_JOB_CONCURRENCY]. (default: 1)")
    var jobConcurrency: Int?
    @Option(name: .customLong("job-threads"), help: "Threads one selection job computes on [SHORTLIST_JOB_THREADS]. (default: online cores)")
    var jobThreads: Int?
    @Option(name: .customLong("embed-concurrency"), help: "Embedding batches an embed job sends at once [SHORTLIST_EMBED_CONCURRENCY]. (default: 4)")
    var embedConcurrency: Int?
    @Option(name: .customLong("block-rows"), help: "Candidate rows per block streamed into a selection [SHORTLIST_BLOCK_ROWS]. (default: 4096)")
    var blockRows: Int?
    @Option(name: .customLong("header-timeout"), help: "Seconds to receive a request head before 408 [SHORTLIST_HEADER_TIMEOUT]. (default: 10)")
    var headerTimeout: Double?
    @Option(name: .customLong("idle-timeout"), help: "Seconds an idle keep-alive connection stays open [SHORTLIST_IDLE_TIMEOUT]. (default: 60)")
    var idleTimeout: Double?
    @Option(name: .customLong("write-timeout"), help: "Seconds a response send may make no progress before the connection is closed [SHORTLIST_WRITE_TIMEOUT]. (default: 30)")
    var writeTimeout: Double?
    @Option(name: .customLong("llm-base-url"), help: "OpenAI-compatible base URL for chain-of-thought calls [SHORTLIST_LLM_BASE_URL].")
    var llmBaseURL: String?
    @Option(name: .customLong("llm-model"), help: "Chat model name [SHORTLIST_LLM_MODEL].")
    var llmModel: String?
    @Option(name: .customLong("embed-base-url"), help: "OpenAI-compatible base URL for embeddings; none = built-in hashing embedder [SHORTLIST_EMBED_BASE_URL].")
    var embedBaseURL: String?
    @Option(name: .customLong("embed-model"), help: "Embedding model name [SHORTLIST_EMBED_MODEL].")
    var embedModel: String?
    @Option(name: .customLong("provider-timeout"), help: "Total seconds for one LLM or embedding call [SHORTLIST_PROVIDER_TIMEOUT]. (default: 60)")
    var providerTimeout: Double?
    @Option(name: .customLong("prompt-format"), help: "Default exemplar prompt layout, chat or text [SHORTLIST_PROMPT_FORMAT]. (default: chat)")
    var promptFormat: String?
    @Option(name: .customLong("llm-instruction"), help: "Default system message of the chat layout; empty for none [SHORTLIST_LLM_INSTRUCTION].")
    var llmInstruction: String?
    @Option(name: .customLong("llm-temperature"), help: "Default LLM temperature, 0...2 [SHORTLIST_LLM_TEMPERATURE]. (default: 0)")
    var llmTemperature: Double?
    @Option(name: .customLong("llm-max-tokens"), help: "Default token cap of a generated answer [SHORTLIST_LLM_MAX_TOKENS]. (default: 300)")
    var llmMaxTokens: Int?
    @Option(name: .customLong("llm-cot-max-tokens"), help: "Default token cap of the first (CoT) query [SHORTLIST_LLM_COT_MAX_TOKENS]. (default: 300)")
    var llmCoTMaxTokens: Int?

    func resolvedConfiguration(environment: [String: String]) throws -> ServiceConfiguration {
        var c = ServiceConfiguration()
        let env = EnvironmentReader(environment)
        c.host = host ?? env.string("SHORTLIST_HOST") ?? c.host
        c.port = try port ?? env.int("SHORTLIST_PORT") ?? c.port
        c.databasePath = db ?? env.string("SHORTLIST_DB") ?? c.databasePath
        // Set but blank is not unset: validation refuses it, as it refuses a blank --api-key.
        c.apiKey = apiKey ?? env.environment["SHORTLIST_API_KEY"]
        c.allowUnauthenticated = try allowUnauthenticated || (env.bool("SHORTLIST_ALLOW_UNAUTHENTICATED") ?? false)
        c.jobConcurrency = try jobConcurrency ?? env.int("SHORTLIST_JOB_CONCURRENCY") ?? c.jobConcurrency
        c.blockRows = try blockRows ?? env.int("SHORTLIST_BLOCK_ROWS") ?? c.blockRows
        c.jobThreads = try jobThreads ?? env.int("SHORTLIST_JOB_THREADS") ?? c.jobThreads
        c.embedConcurrency = try embedConcurrency ?? env.int("SHORTLIST_EMBED_CONCURRENCY") ?? c.embedConcurrency
        c.headerTimeout = try headerTimeout ?? env.double("SHORTLIST_HEADER_TIMEOUT") ?? c.headerTimeout
        c.idleTimeout = try idleTimeout ?? env.double("SHORTLIST_IDLE_TIMEOUT") ?? c.idleTimeout
        c.writeTimeout = try writeTimeout ?? env.double("SHORTLIST_WRITE_TIMEOUT") ?? c.writeTimeout
        c.llmBaseURL = llmBaseURL ?? env.string("SHORTLIST_LLM_BASE_URL") ?? env.string("OPENAI_BASE_URL")
        c.llmModel = llmModel ?? env.string("SHORTLIST_LLM_MODEL")
        c.llmAPIKey = env.string("SHORTLIST_LLM_API_KEY") ?? env.string("OPENAI_API_KEY")
        c.embedBaseURL = embedBaseURL ?? env.string("SHORTLIST_EMBED_BASE_URL")
        c.embedModel = embedModel ?? env.string("SHORTLIST_EMBED_MODEL")
        c.embedAPIKey = env.string("SHORTLIST_EMBED_API_KEY")
        c.providerTimeout = try providerTimeout ?? env.double("SHORTLIST_PROVIDER_TIMEOUT") ?? c.providerTimeout
        if let name = promptFormat ?? env.string("SHORTLIST_PROMPT_FORMAT") {
            guard let format = PromptFormat(rawValue: name) else { throw ConfigurationError("prompt format must be chat or text, got \(name)") }
            c.generation.promptFormat = format
        }
        c.generation.instruction = llmInstruction ?? env.string("SHORTLIST_LLM_INSTRUCTION") ?? c.generation.instruction
        c.generation.temperature = try llmTemperature ?? env.double("SHORTLIST_LLM_TEMPERATURE") ?? c.generation.temperature
        c.generation.maxTokens = try llmMaxTokens ?? env.int("SHORTLIST_LLM_MAX_TOKENS") ?? c.generation.maxTokens
        c.generation.cotMaxTokens = try llmCoTMaxTokens ?? env.int("SHORTLIST_LLM_COT_MAX_TOKENS") ?? c.generation.cotMaxTokens
        try c.validate()
        return c
    }

    func run() throws {
        let configuration: ServiceConfiguration
        do {
            configuration = try resolvedConfiguration(environment: ProcessInfo.processInfo.environment)
        } catch {
            throw ValidationError(String(describing: error))
        }
        try ShortlistService.runUntilSignalled(configuration)
    }
}
