import Foundation
import ArgumentParser
import JSON
import Selection
import Service

/// A subcommand that talks to the service: `execute` does the work and `run` turns a
/// `ClientError` into its message on stderr and the exit code of the CLI contract.
protocol ClientCommand: ParsableCommand {
    var options: ClientOptions { get }
    func execute(_ client: APIClient) throws(ClientError)
}

extension ClientCommand {
    func run() throws {
        do {
            try execute(try options.client())
        } catch {
            Console.shared.err("error: \(error.description)")
            throw ExitCode(error.exitCode)
        }
    }
}

extension APIClient {
    func jsonBody(_ value: JSONValue) -> Body {
        .bytes(JSONWriter.encode(value), contentType: "application/json")
    }
}

/// Path segments in URLs: names are `[A-Za-z0-9_.-]`, but item ids and user typos may be anything.
func pathEscaped(_ s: String) -> String {
    s.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? s
}
