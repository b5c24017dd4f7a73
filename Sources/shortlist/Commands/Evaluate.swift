import ArgumentParser
import Foundation
import JSON

/// `shortlist evaluate`: submits an evaluation job (POST /v1/evaluations), follows it with a
/// progress bar, then prints the per-arm and per-comparison table.
struct Evaluate: ClientCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare exemplar methods on labelled queries with the configured LLM.",
        discussion: """
            Each --arm is an exemplar request without its question, as key=value pairs:
              --arm method=lore --arm method=knn,dual_query=false --arm method=random,k=4
            Values are JSON when they parse as JSON, else strings. Queries come from a pool
            whose items carry question and gold answer (--queries), or from a JSON array or
            JSON Lines file of {"question", "answer"} objects (--queries-file).
            """)
    @OptionGroup var options: ClientOptions
    @Option(help: "A JSON file with the whole POST /v1/evaluations body.") var request: String?
    @Option(help: "Exemplar pool.") var pool: String?
    @Option(help: "Pool of labelled queries (question and gold answer).") var queries: String?
    @Option(help: "File of labelled queries: a JSON array or JSON Lines.") var queriesFile: String?
    @Option(help: "An arm as key=value,... (repeat for each arm).") var arm: [String] = []
    @Option(help: "Scorer: exact, numeric, regex or contains. (default: exact)") var scorer: String?
    @Option(help: "The regex scorer's pattern (one capture group).") var pattern: String?
    @Option(help: "Evaluate a seeded sample of this many queries.") var limit: Int?
    @Option(help: "Seed of the sample and of the bootstrap intervals. (default: 0)") var seed: Int?
    @Option(help: "Bootstrap resamples. (default: 2000)") var resamples: Int?
    @Option(help: "Also write the per-pair rows to this file (see --format).") var output: String?
    @Option(help: "Format of --output: json, ndjson or csv.") var format: String = "csv"
    @Option(help: "Seconds between progress polls.") var poll: Double = 0.5

    func execute(_ client: APIClient) throws(ClientError) {
        guard ["json", "ndjson", "csv"].contains(format) else { throw .usage("--format must be json, ndjson or csv") }
        let submitted = try client.json("POST", "/v1/evaluations", body: client.jsonBody(try requestBody())).json()
        guard let id = submitted["id"]?.stringValue else { throw .api("the service returned no job id") }
        Console.shared.err("job \(id)")
        try JobFollower(client: client, id: id, interval: poll).waitForSuccess()
        let result = try client.json("GET", "/v1/jobs/\(pathEscaped(id))/result?limit=1").json()
        Console.shared.out(EvaluationTable.render(result))
        if let output {
            let rows = try client.json("GET", "/v1/jobs/\(pathEscaped(id))/result?format=\(format)\(format == "json" ? "&limit=100000" : "")")
            guard FileManager.default.createFile(atPath: output, contents: Data(rows.body)) else { throw .usage("cannot write \(output)") }
            Console.shared.err("wrote \(output)")
        }
    }

    /// The request from --request, or from the flags.
    func requestBody() throws(ClientError) -> JSONValue {
        if let request { return try Self.readJSON(request) }
        guard let pool else { throw .usage("give --request FILE, or --pool with --queries or --queries-file and at least one --arm") }
        guard !arm.isEmpty else { throw .usage("give at least one --arm (e.g. --arm method=lore --arm method=knn)") }
        var members: [JSONValue.Member] = [.init("pool", .string(pool))]
        switch (queries, queriesFile) {
        case (let name?, nil): members.append(.init("queries", .object(["pool": .string(name)])))
        case (nil, let file?): members.append(.init("queries", try Self.readQueries(file)))
        default: throw .usage("give --queries POOL or --queries-file FILE (one of them)")
        }
        var arms: [JSONValue] = []
        for spec in arm { arms.append(try EvaluationArmSpec.parse(spec)) }
        members.append(.init("arms", .array(arms)))
        if let scorer {
            let value: JSONValue = pattern.map { .object(["type": .string(scorer), "pattern": .string($0)]) } ?? .string(scorer)
            members.append(.init("scorer", value))
        } else if pattern != nil {
            throw .usage("--pattern needs --scorer regex")
        }
        if let limit { members.append(.init("limit", .int(limit))) }
        if let seed { members.append(.init("seed", .int(seed))) }
        if let resamples { members.append(.init("resamples", .int(resamples))) }
        return .object(members)
    }

    static func readJSON(_ path: String) throws(ClientError) -> JSONValue {
        guard let bytes = FileManager.default.contents(atPath: path) else { throw .usage("cannot read \(path)") }
        do { return try JSONParser.parse([UInt8](bytes)) } catch { throw .usage("\(path) is not valid JSON") }
    }

    /// A JSON array, or one JSON object per line.
    static func readQueries(_ path: String) throws(ClientError) -> JSONValue {
        guard let bytes = FileManager.default.contents(atPath: path) else { throw .usage("cannot read \(path)") }
        if let whole = try? JSONParser.parse([UInt8](bytes)), case .array = whole { return whole }
        var rows: [JSONValue] = []
        for (n, line) in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            guard let value = try? JSONParser.parse(Array(line.utf8)) else { throw .usage("\(path): line \(n + 1) is not valid JSON") }
            rows.append(value)
        }
        return .array(rows)
    }
}
