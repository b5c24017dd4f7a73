import ArgumentParser
import Foundation
import JSON
import Service

/// `shortlist engine export|prepare|plan|lists|map|check|sinkhorn|sinkhorn-block|reduce|methods`: the steps of a sharded run (docs/scaling.md),
/// run by `ray/driver.py` on Ray workers or locally. Hidden from help: an interface between this
/// binary and its driver, not for users. Failures print one line and exit 1.
struct Engine: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Steps of a sharded selection run (internal).", shouldDisplay: false,
        subcommands: [Export.self, Prepare.self, Plan.self, Lists.self, Map.self, Check.self, Sinkhorn.self, SinkhornBlock.self, Reduce.self,
                      Methods.self])

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

    /// The list plan of a method whose reduce reads only top lists, as JSON (`null` for the
    /// others): the list length to start with and the row ranges, one list map step each.
    struct Lists: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the list map steps of a job (JSON).")
        @Option(help: "Job directory.") var job: String

        func run() throws {
            let plan = try Engine.run { try EngineJob.load(URL(fileURLWithPath: job)).listPlanJSON() }
            print(String(decoding: JSONWriter.encode(plan), as: UTF8.self))
        }
    }

    struct Map: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the map step on one shard of one checkpoint, or the list map step on rows lo:hi of every checkpoint.")
        @Option(help: "Job directory.") var job: String
        @Option(help: "Checkpoint position (0-based).") var checkpoint: Int?
        @Option(help: "Shard position (0-based).") var shard: Int?
        @Option(help: "Rows lo:hi of a list map step.") var rows: String?
        @Option(help: "Entries per target list of a list map step.") var length: Int?
        @Option(help: "Repeats file of a list map step (written by check).") var repeats: String?
        @Option(help: "Directory for the map output.") var out: String

        func run() throws {
            let job = try Engine.run { try EngineJob.load(URL(fileURLWithPath: self.job)) }
            let output = URL(fileURLWithPath: out)
            if let rows {
                let bounds = rows.split(separator: ":").compactMap { Int($0) }
                guard bounds.count == 2, bounds[0] < bounds[1], let length, checkpoint == nil, shard == nil else {
                    throw Engine.fail("a list map step takes --rows lo:hi (lo < hi) and --length, not --checkpoint or --shard")
                }
                try Engine.run {
                    try EngineListMap.run(job, rows: bounds[0]..<bounds[1], length: length, repeats: repeats.map { URL(fileURLWithPath: $0) }, output: output)
                }
            } else {
                guard let checkpoint, let shard, length == nil, repeats == nil else {
                    throw Engine.fail("a map step takes --checkpoint and --shard, or --rows and --length")
                }
                try Engine.run { try EngineMap.run(job, checkpoint: checkpoint, shard: shard, output: output) }
            }
        }
    }

    /// After the list map steps: whether the reduce can run, or which steps to run again (JSON).
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check the list map outputs; print what the driver does next (JSON).")
        @Option(help: "Job directory.") var job: String
        @Option(help: "Directory holding the map outputs.") var maps: String

        func run() throws {
            let next = try Engine.run { try EngineReduce.checkLists(try EngineJob.load(URL(fileURLWithPath: job)), maps: URL(fileURLWithPath: maps)) }
            print(String(decoding: JSONWriter.encode(next), as: UTF8.self))
        }
    }

    /// uot's Sinkhorn rounds: the coordinator, speaking frames with the driver over its
    /// standard input and output (`EngineSinkhorn`); writes the masses into the maps directory.
    struct Sinkhorn: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Coordinate uot's Sinkhorn rounds over block processes (frames on stdin/stdout).")
        @Option(help: "Job directory.") var job: String
        @Option(help: "Directory the outcome goes to (beside the map outputs).") var maps: String
        @Option(help: "Block processes at most.") var blocks: Int

        func run() throws {
            try Engine.run { try EngineSinkhorn.run(try EngineJob.load(URL(fileURLWithPath: job)), maps: URL(fileURLWithPath: maps), blocks: max(1, blocks)) }
        }
    }

    /// One block process of uot's Sinkhorn rounds: keeps the kernel of rows lo:hi and answers
    /// the coordinator's requests on its standard input until it ends (`EngineSinkhornBlock`).
    struct SinkhornBlock: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sinkhorn-block", abstract: "Hold uot's kernel of rows lo:hi and answer Sinkhorn requests (frames on stdin/stdout).")
        @Option(help: "Job directory.") var job: String
        @Option(help: "Rows lo:hi (on uot's row blocks).") var rows: String
        @Option(help: "Threads of the block's steps.") var workers: Int = 1

        func run() throws {
            let bounds = rows.split(separator: ":").compactMap { Int($0) }
            guard bounds.count == 2, bounds[0] < bounds[1] else { throw Engine.fail("--rows takes lo:hi with lo < hi") }
            try Engine.run {
                try EngineSinkhornBlock.serve(try EngineJob.load(URL(fileURLWithPath: job)), rows: bounds[0]..<bounds[1], workers: max(1, workers),
                                              input: 0, output: 1)
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
