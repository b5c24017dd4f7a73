import ArgumentParser
import Foundation
import Service

/// `shortlist engine export|prepare|plan|map|reduce|methods`: the steps of a sharded run (docs/scaling.md),
/// run by `ray/driver.py` on Ray workers or locally. Hidden from help: an interface between this
/// binary and its driver, not for users. Failures print one line and exit 1.
struct Engine: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Steps of a sharded selection run (internal).", shouldDisplay: false,
        subcommands: [Export.self, Prepare.self, Plan.self, Map.self, Reduce.self, Methods.self])

    /// The database and the shard store, resolved like `serve`'s settings (flag, then
    /// `SHORTLIST_DB`, `SHORTLIST_SHARD_STORE`, `SHORTLIST_SHARD_BYTES`, `SHORTLIST_JOB_THREADS`, then
    /// the defaults).
    struct StoreOptions: ParsableArguments {
        @Option(help: "SQLite database file.") var db: String?
        @Option(name: .customLong("shard-store"), help: "Directory the shards and manifests go to.") var shardStore: String?
        @Option(name: .customLong("shard-bytes"), help: "Bytes of rows per shard.") var shardBytes: String?
        @Option(name: .customLong("job-threads"), help: "Shards exported at once.") var jobThreads: String?

        func resolved() throws -> (database: String, exporter: ShardExporter) {
            var flags: [String: String] = [:]
            flags["db"] = db
            flags["shard-store"] = shardStore
            flags["shard-bytes"] = shardBytes
            flags["job-threads"] = jobThreads
            let configuration = try Engine.run { try ServiceConfiguration.resolve(flags: flags, environment: ProcessInfo.processInfo.environment) }
            guard let store = configuration.shardStore else { throw Engine.fail("no shard store: give --shard-store or SHORTLIST_SHARD_STORE") }
            return (configuration.databasePath, ShardExporter(store: URL(fileURLWithPath: store), shardBytes: configuration.shardBytes,
                                                             threads: configuration.jobThreads))
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Export every checkpoint of a feature as shards.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Pool name.") var pool: String
        @Option(help: "Feature name.") var feature: String

        func run() throws {
            let (database, exporter) = try store.resolved()
            for export in try Engine.run({ try exporter.export(databasePath: database, pool: pool, feature: feature) }) {
                print("\(export.manifestURL.path) written=\(export.written.count) reused=\(export.reused.count)")
            }
        }
    }

    struct Prepare: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Export the candidates and write a job directory for a selection request.")
        @OptionGroup var store: StoreOptions
        @Option(help: "File holding the selection request (JSON).") var request: String
        @Option(help: "Job directory to write.") var job: String

        func run() throws {
            let (database, exporter) = try store.resolved()
            let body = try Engine.run { try Array(Data(contentsOf: URL(fileURLWithPath: request))) }
            let prepared = try Engine.run {
                try EngineJob.prepare(requestBody: body, databasePath: database, exporter: exporter, directory: URL(fileURLWithPath: job))
            }
            print(prepared.directory.path)
        }
    }

    /// The method's global step before the maps (gist: each checkpoint's subspace), which
    /// `prepare` already runs; for a job directory written by other means.
    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the method's plan (gist: its subspaces) into a job directory.")
        @Option(help: "Job directory.") var job: String

        func run() throws {
            try Engine.run { try EngineJob.load(URL(fileURLWithPath: job)).writePlan() }
        }
    }

    struct Map: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the map step on one shard of one checkpoint.")
        @Option(help: "Job directory.") var job: String
        @Option(help: "Checkpoint position (0-based).") var checkpoint: Int
        @Option(help: "Shard position (0-based).") var shard: Int
        @Option(help: "Directory for the map output.") var out: String

        func run() throws {
            try Engine.run {
                try EngineMap.run(try EngineJob.load(URL(fileURLWithPath: job)), checkpoint: checkpoint, shard: shard, output: URL(fileURLWithPath: out))
            }
        }
    }

    struct Reduce: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the global steps over every map output; write the result CSV.")
        @Option(help: "Job directory.") var job: String
        @Option(help: "Directory holding the map outputs.") var maps: String
        @Option(help: "Result CSV file to write.") var out: String
        @Option(help: "Threads of the global steps.") var workers: Int = 1

        func run() throws {
            let csv = try Engine.run {
                try EngineReduce.csv(try EngineJob.load(URL(fileURLWithPath: job)), maps: URL(fileURLWithPath: maps), workers: max(1, workers))
            }
            try Engine.run { try Data(csv).write(to: URL(fileURLWithPath: out)) }
        }
    }

    /// The methods a sharded run supports, one a line, sorted: the tests derive their cases
    /// from it, so a method that gains a sharded run is covered by them without another list.
    struct Methods: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the methods a sharded run supports.")

        func run() {
            for method in EngineJob.supportedMethods.sorted() { print(method) }
        }
    }

    /// Runs `body`; any error is printed as one line and becomes exit status 1.
    static func run<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw fail("\(error)") }
    }

    static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("shortlist engine: \(message)\n".utf8))
        return ExitCode(1)
    }
}
