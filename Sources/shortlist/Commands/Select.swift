import ArgumentParser
import Foundation
import JSON
import Selection
import Service

/// `shortlist select`: submits a selection job, follows it to the end, then prints or saves the result.
struct Select: ClientCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a selection job and print or save its result.",
        discussion: "Give the whole request as a JSON file (--request), or build it from flags.\n\nMETHODS:\n"
            + SelectionEngine.selectors.map { Select.describe($0.method) }.joined(separator: "\n"))

    /// One method for help, from its declaration.
    static func describe(_ method: MethodDescription) -> String {
        var notes: [String] = []
        if case let .optional(whenAbsent) = method.budget { notes.append("without a budget, \(whenAbsent)") }
        if let seed = method.defaultSeed { notes.append("seed = \(seed) unless --seed is given") }
        return MethodHelp.entry(name: method.name, summary: method.summary, parameters: method.parameters, notes: notes)
    }
    @OptionGroup var options: ClientOptions
    @Option(help: "A JSON file with the whole POST /v1/selections body.") var request: String?
    @Option(help: "Candidates as POOL/FEATURE.") var candidates: String?
    @Option(help: "Targets as POOL/FEATURE.") var targets: String?
    @Option(help: ArgumentHelp("The selection method (one of METHODS above).")) var method: String?
    @Option(help: "Budget: number of rows to select.") var k: Int?
    @Option(help: "Budget: fraction of the candidates to select.") var fraction: Double?
    @Option(help: "The method's parameters as a JSON object.") var params: String?
    @Option(help: "Random seed.") var seed: Int?
    @Option(help: "Result format: json, ndjson or csv.") var format: String = "json"
    @Option(help: "Write the result to this file instead of stdout.") var output: String?
    @Option(help: "Seconds between progress polls.") var poll: Double = 0.2

    func execute(_ client: APIClient) throws(ClientError) {
        guard ["json", "ndjson", "csv"].contains(format) else { throw .usage("--format must be json, ndjson or csv") }
        let body = try requestBody()
        let submitted = try client.json("POST", "/v1/selections", body: client.jsonBody(body)).json()
        guard let id = submitted["id"]?.stringValue else { throw .api("the service returned no job id") }
        Console.shared.err("job \(id)")
        try JobFollower(client: client, id: id, interval: poll).waitForSuccess()
        let limit = format == "json" ? "&limit=100000" : ""
        let result = try client.json("GET", "/v1/jobs/\(pathEscaped(id))/result?format=\(format)\(limit)")
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: Data(result.body)) else { throw .usage("cannot write \(output)") }
            Console.shared.err("wrote \(output)")
        } else {
            Console.shared.out(String(decoding: result.body, as: UTF8.self).trimmingCharacters(in: .newlines))
        }
    }

    /// The request from --request, or from the flags.
    func requestBody() throws(ClientError) -> JSONValue {
        if let request {
            guard let bytes = FileManager.default.contents(atPath: request) else { throw .usage("cannot read \(request)") }
            do { return try JSONParser.parse([UInt8](bytes)) } catch { throw .usage("\(request) is not valid JSON") }
        }
        guard let candidates, let method else { throw .usage("give --request FILE, or at least --candidates and --method") }
        var members = [JSONValue.Member("candidates", try Self.poolFeature(candidates, flag: "--candidates"))]
        if let targets { members.append(JSONValue.Member("targets", try Self.poolFeature(targets, flag: "--targets"))) }
        members.append(JSONValue.Member("method", .string(method)))
        switch (k, fraction) {
        case (let k?, nil): members.append(JSONValue.Member("budget", .object(["k": .int(k)])))
        case (nil, let f?): members.append(JSONValue.Member("budget", .object(["fraction": .double(f)])))
        case (nil, nil): members.append(JSONValue.Member("budget", .null))
        default: throw .usage("give --k or --fraction, not both")
        }
        if let params {
            guard let value = try? JSONParser.parse(Array(params.utf8)), case .object = value else { throw .usage("--params must be a JSON object") }
            members.append(JSONValue.Member("params", value))
        }
        if let seed { members.append(JSONValue.Member("seed", .int(seed))) }
        return .object(members)
    }

    static func poolFeature(_ text: String, flag: String) throws(ClientError) -> JSONValue {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { throw .usage("\(flag) must be POOL/FEATURE (got \"\(text)\")") }
        return .object(["pool": .string(String(parts[0])), "feature": .string(String(parts[1]))])
    }
}
