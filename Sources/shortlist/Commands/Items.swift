import ArgumentParser
import Foundation

/// `shortlist items import POOL FILE.ndjson`.
struct Items: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Import items into a pool.", subcommands: [Import.self])

    struct Import: ClientCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "Upsert the items of an NDJSON file (one {\"id\", ...} per line), all or nothing.",
            discussion: """
                The file is streamed, never read into memory whole. The same upload with curl: \
                curl -X POST -T FILE -H 'Content-Type: application/x-ndjson' URL/v1/pools/POOL/items \
                (-T is --upload-file; --data-binary @FILE loads the whole file into memory first).
                """)
        @OptionGroup var options: ClientOptions
        @Argument(help: "Pool name.") var pool: String
        @Argument(help: "NDJSON file of items.") var file: String

        func execute(_ client: APIClient) throws(ClientError) {
            guard FileManager.default.isReadableFile(atPath: file) else { throw .usage("cannot read \(file)") }
            let response = try client.json(
                "POST", "/v1/pools/\(pathEscaped(pool))/items",
                body: .file(path: file, contentType: "application/x-ndjson", progress: uploadProgress("items")))
            let counts = try response.json()
            Console.shared.out("inserted \(counts["inserted"]?.intValue ?? 0), updated \(counts["updated"]?.intValue ?? 0)")
        }
    }
}

/// A stderr progress bar for uploads, or nil when stderr is not a terminal.
func uploadProgress(_ label: String) -> (@Sendable (Int, Int) -> Void)? {
    guard Console.shared.stderrIsTerminal else { return nil }
    return { done, total in
        Console.shared.err(ProgressBar.render(label: label, done: done, total: total), newline: done >= total)
    }
}
