import ArgumentParser
import JSON
import Selection
import Service

/// `shortlist pools create|list|show|delete`.
struct Pools: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create, list, show and delete pools.", subcommands: [Create.self, List.self, Show.self, Delete.self])

    struct Create: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Create a pool and print it as JSON.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Pool name ([A-Za-z0-9_.-], 1-64 characters).") var name: String
        @Option(help: "A free-text description.") var description: String?

        func execute(_ client: APIClient) throws(ClientError) {
            var members = [JSONValue.Member("name", .string(name))]
            if let description { members.append(JSONValue.Member("description", .string(description))) }
            let response = try client.json("POST", "/v1/pools", body: client.jsonBody(.object(members)))
            Console.shared.out(String(decoding: response.body, as: UTF8.self))
        }
    }

    struct List: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "List pools: name and item count, one per line.")
        @OptionGroup var options: ClientOptions

        func execute(_ client: APIClient) throws(ClientError) {
            try forEachPage(client, "/v1/pools") { pool in
                Console.shared.out("\(pool["name"]?.stringValue ?? "?")\t\(pool["item_count"]?.intValue ?? 0)")
            }
        }
    }

    struct Show: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Print a pool with its features as JSON.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Pool name.") var name: String

        func execute(_ client: APIClient) throws(ClientError) {
            let response = try client.json("GET", "/v1/pools/\(pathEscaped(name))")
            Console.shared.out(String(decoding: response.body, as: UTF8.self))
        }
    }

    struct Delete: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a pool with its items and features.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Pool name.") var name: String

        func execute(_ client: APIClient) throws(ClientError) {
            _ = try client.json("DELETE", "/v1/pools/\(pathEscaped(name))")
            Console.shared.out("deleted \(name)")
        }
    }
}

/// Follows `next_cursor` through a list endpoint.
func forEachPage(_ client: APIClient, _ path: String, _ body: (JSONValue) -> Void) throws(ClientError) {
    var cursor: String?
    repeat {
        let page = try client.json("GET", path + "?limit=1000" + (cursor.map { "&cursor=\(pathEscaped($0))" } ?? "")).json()
        for entry in page["data"]?.arrayValue ?? [] { body(entry) }
        cursor = page["next_cursor"]?.stringValue
    } while cursor != nil
}
