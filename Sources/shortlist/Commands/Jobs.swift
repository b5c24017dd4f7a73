import ArgumentParser
import JSON
import Selection

/// `shortlist jobs list|show|cancel`.
struct Jobs: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List, show and cancel jobs.", subcommands: [List.self, Show.self, Cancel.self])

    struct List: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "List jobs, newest first: id, kind, status, progress.")
        @OptionGroup var options: ClientOptions

        func execute(_ client: APIClient) throws(ClientError) {
            try forEachPage(client, "/v1/jobs") { job in Console.shared.out(Jobs.summary(job)) }
        }
    }

    struct Show: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Print a job as JSON.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Job id.") var id: String

        func execute(_ client: APIClient) throws(ClientError) {
            Console.shared.out(String(decoding: try client.json("GET", "/v1/jobs/\(pathEscaped(id))").body, as: UTF8.self))
        }
    }

    struct Cancel: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a queued or running job.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Job id.") var id: String

        func execute(_ client: APIClient) throws(ClientError) {
            _ = try client.json("POST", "/v1/jobs/\(pathEscaped(id))/cancel")
            Console.shared.out("cancelling \(id)")
        }
    }

    static func summary(_ job: JSONValue) -> String {
        let progress = job["progress"]
        let stage = progress?["stage"]?.stringValue ?? "-"
        let done = progress?["done"]?.intValue ?? 0, total = progress?["total"]?.intValue ?? 0
        return "\(job["id"]?.stringValue ?? "?")\t\(job["kind"]?.stringValue ?? "?")\t\(job["status"]?.stringValue ?? "?")\t\(stage) \(done)/\(total)"
    }
}
