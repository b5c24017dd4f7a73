import ArgumentParser
import Foundation

/// `--url` (or SHORTLIST_URL) and the key from SHORTLIST_API_KEY, shared by every client command.
struct ClientOptions: ParsableArguments {
    @Option(help: "Service URL [SHORTLIST_URL]. (default: http://127.0.0.1:8080)")
    var url: String?

    func client(environment: [String: String] = ProcessInfo.processInfo.environment) throws(ClientError) -> APIClient {
        let text = url ?? environment["SHORTLIST_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? ServiceURL.defaultURL
        let key = environment["SHORTLIST_API_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        return APIClient(url: try ServiceURL(parsing: text), apiKey: key)
    }
}
