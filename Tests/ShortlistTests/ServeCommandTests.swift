import ArgumentParser
import Foundation
import Providers
import Testing
@testable import Service
@testable import shortlist
import TestSupport

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
        #expect(throws: ConfigurationError("--job-threads must be in 1...1024, got 0")) {
            try Serve.parse(["--job-threads", "0"]).resolvedConfiguration(environment: [:])
        }
        #expect(throws: ConfigurationError("SHORTLIST_EMBED_CONCURRENCY must be in 1...256, got 0")) {
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
        (["SHORTLIST_PROMPT_FORMAT": "markdown"], "SHORTLIST_PROMPT_FORMAT must be one of chat, text, got \"markdown\""),
        (["SHORTLIST_LLM_TEMPERATURE": "2.5"], "SHORTLIST_LLM_TEMPERATURE must be in 0...2, got 2.5"),
        (["SHORTLIST_LLM_COT_MAX_TOKENS": "0"], "SHORTLIST_LLM_COT_MAX_TOKENS must be in 1...32768, got 0"),
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

    @Test func help_ListsEverySettingOfTheTable_WithItsVariableRangeAndDefault() {
        // Whitespace folded: help wraps long ranges over lines.
        let help = Serve.helpMessage(columns: 200).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for setting in ServiceConfiguration.settings {
            #expect(help.contains("--\(setting.flag)"), "help lacks --\(setting.flag)")
            #expect(help.contains("[\(setting.variable)]"), "help lacks \(setting.variable)")
            if let range = setting.range { #expect(help.contains(range)) }
        }
        #expect(help.contains("Default: 8080.") && help.contains("OPENAI_API_KEY"))
    }

    @Test func flags_TakeSpaceOrEqualsForms_AndSwitchesNeedNoValue() throws {
        let c = try Serve.parse(["--port=7001", "--block-rows", "12", "--allow-unauthenticated", "--host", "0.0.0.0"])
            .resolvedConfiguration(environment: [:])
        #expect(c.port == 7001 && c.blockRows == 12 && c.allowUnauthenticated && c.host == "0.0.0.0")
    }

    @Test func anUnknownFlag_IsRefused_NamingTheClosestSetting() {
        #expect(throws: ConfigurationError("unknown option --job-concurency; did you mean --job-concurrency?")) {
            try Serve.parse(["--job-concurency", "2"]).resolvedConfiguration(environment: [:])
        }
    }

    @Test func providerSettings_ReachTheProviderConfiguration() throws {
        let env = ["SHORTLIST_LLM_MODEL": "gpt", "SHORTLIST_EMBED_MODEL": "e5", "SHORTLIST_EMBED_BATCH_SIZE": "16",
                   "SHORTLIST_PROVIDER_MAX_CONCURRENT": "3", "SHORTLIST_PROVIDER_MAX_ATTEMPTS": "1",
                   "SHORTLIST_EMBED_ENCODING": "base64", "SHORTLIST_EMBED_DIMENSIONS": "384",
                   "SHORTLIST_PROVIDER_TIMEOUT": "2", "SHORTLIST_PROVIDER_CONNECT_TIMEOUT": "0.5"]
        let p = try Serve.parse([]).resolvedConfiguration(environment: env).providerConfiguration
        #expect(p.embeddingBatchSize == 16 && p.maxConcurrent == 3 && p.retry.maxAttempts == 1)
        #expect(p.embeddingEncoding == .base64 && p.embeddingDimension == 384)
        #expect(p.timeouts == ProviderTimeouts(connectMilliseconds: 500, totalMilliseconds: 2000))
    }

    @Test func rayAddress_IsRefusedWithoutAShardStore_AndReadWithIt() throws {
        #expect(throws: ConfigurationError(
            "--ray-address (SHORTLIST_RAY_ADDRESS) needs --shard-store (SHORTLIST_SHARD_STORE): a directory every Ray node reads at the same path")) {
            try Serve.parse(["--ray-address", "http://127.0.0.1:8265"]).resolvedConfiguration(environment: [:])
        }
        let c = try Serve.parse(["--shard-store", "/shared/shards", "--engine-binary", "/opt/shortlist"])
            .resolvedConfiguration(environment: ["SHORTLIST_RAY_ADDRESS": "http://head:8265"])
        #expect(c.rayAddress == "http://head:8265" && c.shardStore == "/shared/shards" && c.engineBinary == "/opt/shortlist")
        #expect(throws: ConfigurationError("SHORTLIST_RAY_ADDRESS must start with http:// or https://, got \"head:8265\"")) {
            try Serve.parse(["--shard-store", "/s"]).resolvedConfiguration(environment: ["SHORTLIST_RAY_ADDRESS": "head:8265"])
        }
    }

    @Test(arguments: [
        ("SHORTLIST_PROVIDER_MAX_ATTEMPTS", "9", "SHORTLIST_PROVIDER_MAX_ATTEMPTS must be in 1...3, got 9"),
        ("SHORTLIST_EMBED_ENCODING", "hex", "SHORTLIST_EMBED_ENCODING must be one of float, base64, got \"hex\""),
        ("SHORTLIST_LLM_BASE_URL", "ftp://x", "SHORTLIST_LLM_BASE_URL must start with http:// or https://, got \"ftp://x\""),
        ("SHORTLIST_LLM_TEMPERATURE", "3", "SHORTLIST_LLM_TEMPERATURE must be in 0...2, got 3"),
        ("SHORTLIST_HEADER_TIMEOUT", "soon", "SHORTLIST_HEADER_TIMEOUT must be a number, got \"soon\""),
        ("SHORTLIST_ALLOW_UNAUTHENTICATED", "maybe", "SHORTLIST_ALLOW_UNAUTHENTICATED must be true or false, got \"maybe\""),
    ])
    func outOfRangeValues_AreRefused_NamingTheVariableAndTheRange(variable: String, value: String, message: String) {
        #expect(throws: ConfigurationError(message)) { try Serve.parse([]).resolvedConfiguration(environment: [variable: value]) }
    }

    @Test func unknownShortlistVariables_AreWarnedAbout_NamingTheClosestKnownOne() {
        let warnings = ServiceConfiguration.unknownVariableWarnings(environment: [
            "SHORTLIST_PROVIDER_TIMEOUT_MS": "5", "SHORTLIST_PORTT": "1", "SHORTLIST_PORT": "1", "SHORTLIST_URL": "http://x",
            "SHORTLIST_COMPLETELY_DIFFERENT_THING": "1", "HOME": "/root",
        ])
        #expect(warnings == [
            "warning: unknown environment variable SHORTLIST_COMPLETELY_DIFFERENT_THING is ignored",
            "warning: unknown environment variable SHORTLIST_PORTT is ignored; did you mean SHORTLIST_PORT?",
            "warning: unknown environment variable SHORTLIST_PROVIDER_TIMEOUT_MS is ignored; did you mean SHORTLIST_PROVIDER_TIMEOUT?",
        ])
    }

    @Test func defaults_AreTheConfigurationsOwn_AndSecretsShowNone() {
        let c = ServiceConfiguration()
        #expect(ServiceConfiguration.setting(flag: "port")?.defaultText == String(c.port))
        #expect(ServiceConfiguration.setting(flag: "embed-batch-size")?.defaultText == String(c.embedBatchSize))
        var keyed = ServiceConfiguration()
        keyed.apiKey = "secret"
        #expect(ServiceConfiguration.setting(flag: "api-key")?.defaultText == nil)
        #expect(!ServiceConfiguration.settingsHelp.contains("secret"))
    }

    /// The README's table is this table: regenerate with SHORTLIST_UPDATE_SNAPSHOTS=1 after a change.
    @Test func readmeTable_IsTheSettingsTable() throws {
        let url = RepositoryFiles.url("README.md")
        let readme = try String(contentsOf: url, encoding: .utf8)
        let begin = "<!-- settings table: generated from ServiceConfiguration.settings -->\n"
        let end = "\n<!-- end of settings table -->"
        let start = try #require(readme.range(of: begin)), stop = try #require(readme.range(of: end))
        let table = ServiceConfiguration.settingsMarkdownTable
        if ProcessInfo.processInfo.environment["SHORTLIST_UPDATE_SNAPSHOTS"] == "1" {
            try (String(readme[..<start.upperBound]) + table + String(readme[stop.lowerBound...])).write(to: url, atomically: true, encoding: .utf8)
        }
        #expect(String(readme[start.upperBound..<stop.lowerBound]) == table)
    }

    @Test func rootHelp_NamesTheServeSubcommand() {
        let help = Shortlist.helpMessage(columns: 200)
        #expect(help.contains("USAGE: shortlist <subcommand>"))
        #expect(help.contains("serve"))
        #expect(help.contains("Run the Shortlist HTTP service."))
    }
}
