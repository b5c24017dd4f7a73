import Foundation
import ArgumentParser
import Testing
@testable import Service
@testable import shortlist

@Suite struct ServeCommandTests {
    @Test func resolvedConfiguration_UsesDefaults_WithNoFlagsOrEnvironment() throws {
        let c = try Serve.parse([]).resolvedConfiguration(environment: [:])
        #expect(c.host == "127.0.0.1" && c.port == 8080 && c.databasePath == "./shortlist.db" && c.apiKey == nil)
        #expect(c.jobConcurrency == 1 && c.blockRows == 4096 && c.embedBaseURL == nil)
        #expect(c.jobThreads == ProcessInfo.processInfo.activeProcessorCount && c.embedConcurrency == 4)
    }

    @Test func jobThreads_AndEmbedConcurrency_ComeFromFlagsOrVariables_AndMustBePositive() throws {
        let env = ["SHORTLIST_JOB_THREADS": "3", "SHORTLIST_EMBED_CONCURRENCY": "6"]
        let c = try Serve.parse([]).resolvedConfiguration(environment: env)
        #expect(c.jobThreads == 3 && c.embedConcurrency == 6)
        let d = try Serve.parse(["--job-threads", "8", "--embed-concurrency", "1"]).resolvedConfiguration(environment: env)
        #expect(d.jobThreads == 8 && d.embedConcurrency == 1)
        #expect(throws: ConfigurationError("job threads must be >= 1")) {
            try Serve.parse(["--job-threads", "0"]).resolvedConfiguration(environment: [:])
        }
        #expect(throws: ConfigurationError("embed concurrency must be >= 1")) {
            try Serve.parse([]).resolvedConfiguration(environment: ["SHORTLIST_EMBED_CONCURRENCY": "0"])
        }
    }

    @Test func resolvedConfiguration_ReadsShortlistEnvironmentVariables() throws {
        let env = ["SHORTLIST_HOST": "127.0.0.2", "SHORTLIST_PORT": "9000", "SHORTLIST_DB": "/tmp/x.db", "SHORTLIST_API_KEY": "k",
                   "SHORTLIST_BLOCK_ROWS": "1000", "SHORTLIST_JOB_CONCURRENCY": "2", "SHORTLIST_EMBED_BASE_URL": "http://e/v1"]
        let c = try Serve.parse([]).resolvedConfiguration(environment: env)
        #expect(c.host == "127.0.0.2" && c.port == 9000 && c.databasePath == "/tmp/x.db" && c.apiKey == "k")
        #expect(c.blockRows == 1000 && c.jobConcurrency == 2 && c.embedBaseURL == "http://e/v1")
    }

    @Test func resolvedConfiguration_LetsAFlagWinOverTheEnvironment() throws {
        let c = try Serve.parse(["--port", "7000", "--db", "a.db"]).resolvedConfiguration(environment: ["SHORTLIST_PORT": "9000", "SHORTLIST_DB": "b.db"])
        #expect(c.port == 7000 && c.databasePath == "a.db")
    }

    @Test func resolvedConfiguration_FallsBackToOpenAIVariables_ForTheLLM() throws {
        let c = try Serve.parse([]).resolvedConfiguration(environment: ["OPENAI_BASE_URL": "http://llm/v1", "OPENAI_API_KEY": "sk"])
        #expect(c.llmBaseURL == "http://llm/v1" && c.llmAPIKey == "sk")
        let d = try Serve.parse([]).resolvedConfiguration(environment: ["OPENAI_API_KEY": "sk", "SHORTLIST_LLM_API_KEY": "mine"])
        #expect(d.llmAPIKey == "mine")
    }

    @Test func resolvedConfiguration_RejectsAMalformedVariable_NamingIt() {
        #expect(throws: ConfigurationError("SHORTLIST_PORT must be an integer, got \"eighty\"")) {
            try Serve.parse([]).resolvedConfiguration(environment: ["SHORTLIST_PORT": "eighty"])
        }
    }

    @Test func resolvedConfiguration_ReadsTheGenerationDefaults_FlagOverEnvironmentOverDefault() throws {
        let d = try Serve.parse([]).resolvedConfiguration(environment: [:]).generation
        #expect(d.promptFormat == .chat && d.temperature == 0 && d.maxTokens == 300 && d.cotMaxTokens == 300 && !d.instruction.isEmpty)
        let env = ["SHORTLIST_PROMPT_FORMAT": "text", "SHORTLIST_LLM_INSTRUCTION": "Be brief.", "SHORTLIST_LLM_TEMPERATURE": "0.5",
                   "SHORTLIST_LLM_MAX_TOKENS": "120", "SHORTLIST_LLM_COT_MAX_TOKENS": "80"]
        let e = try Serve.parse([]).resolvedConfiguration(environment: env).generation
        #expect(e.promptFormat == .text && e.instruction == "Be brief." && e.temperature == 0.5 && e.maxTokens == 120 && e.cotMaxTokens == 80)
        let f = try Serve.parse(["--prompt-format", "chat", "--llm-instruction", "", "--llm-max-tokens", "64"])
            .resolvedConfiguration(environment: env).generation
        #expect(f.promptFormat == .chat && f.instruction.isEmpty && f.maxTokens == 64 && f.cotMaxTokens == 80)
    }

    @Test(arguments: [
        (["SHORTLIST_PROMPT_FORMAT": "markdown"], "prompt format must be chat or text, got markdown"),
        (["SHORTLIST_LLM_TEMPERATURE": "2.5"], "LLM temperature must be in 0...2, got 2.5"),
        (["SHORTLIST_LLM_COT_MAX_TOKENS": "0"], "LLM CoT max tokens must be in 1...32768, got 0"),
    ])
    func resolvedConfiguration_RejectsABadGenerationDefault(_ env: [String: String], _ message: String) {
        #expect(throws: ConfigurationError(message)) { try Serve.parse([]).resolvedConfiguration(environment: env) }
    }

    @Test func resolvedConfiguration_RefusesANonLoopbackHost_WithoutAKey() throws {
        #expect(throws: ConfigurationError.self) { try Serve.parse(["--host", "0.0.0.0"]).resolvedConfiguration(environment: [:]) }
        #expect(try Serve.parse(["--host", "0.0.0.0", "--allow-unauthenticated"]).resolvedConfiguration(environment: [:]).host == "0.0.0.0")
        #expect(try Serve.parse(["--host", "0.0.0.0", "--api-key", "k"]).resolvedConfiguration(environment: [:]).apiKey == "k")
    }

    @Test func redactedDescription_NeverContainsKeys() throws {
        let c = try Serve.parse(["--api-key", "secret-key"]).resolvedConfiguration(environment: ["SHORTLIST_LLM_API_KEY": "llm-secret"])
        #expect(!c.redactedDescription.contains("secret"))
    }

    @Test func help_ListsEveryOptionWithItsVariable() {
        let help = Serve.helpMessage(columns: 200)
        for needle in ["--host <host>", "[SHORTLIST_HOST]", "--port <port>", "[SHORTLIST_PORT]", "--db <db>", "[SHORTLIST_DB]",
                       "--api-key <api-key>", "[SHORTLIST_API_KEY]", "--allow-unauthenticated", "--block-rows <block-rows>",
                       "--llm-base-url <llm-base-url>", "--embed-base-url <embed-base-url>", "OPENAI_API_KEY",
                       "--prompt-format <prompt-format>", "[SHORTLIST_PROMPT_FORMAT]", "[SHORTLIST_LLM_COT_MAX_TOKENS]"] {
            #expect(help.contains(needle), "help lacks \(needle)")
        }
    }

    @Test func rootHelp_NamesTheServeSubcommand() {
        let help = Shortlist.helpMessage(columns: 200)
        #expect(help.contains("USAGE: shortlist <subcommand>"))
        #expect(help.contains("serve"))
        #expect(help.contains("Run the Shortlist HTTP service."))
    }
}
