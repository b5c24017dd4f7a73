import ArgumentParser
import Foundation

/// `shortlist features upload POOL NAME FILE [--checkpoint --weight]`.
struct Features: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Upload feature vectors.", subcommands: [Upload.self])

    struct Upload: ClientCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stream a .npy (all rows, in item order) or .ndjson ({\"id\", \"vector\"} lines) file into a feature.",
            discussion: """
                The file is streamed, never read into memory whole, so files of many GB upload in \
                constant memory. The same upload with curl: curl -T FILE -H 'Content-Type: \
                application/x-npy' 'URL/v1/pools/POOL/features/NAME?checkpoint=LABEL' (-T is \
                --upload-file, a streamed PUT; --data-binary @FILE loads the whole file into memory \
                first and fails on files over about 1 GB).
                """)
        @OptionGroup var options: ClientOptions
        @Argument(help: "Pool name.") var pool: String
        @Argument(help: "Feature name.") var name: String
        @Argument(help: "A .npy or .ndjson file.") var file: String
        @Option(help: "Checkpoint label. (default: default)") var checkpoint: String?
        @Option(help: "Checkpoint weight (kept when omitted for an existing checkpoint).") var weight: Double?

        func execute(_ client: APIClient) throws(ClientError) {
            guard FileManager.default.isReadableFile(atPath: file) else { throw .usage("cannot read \(file)") }
            let contentType = file.hasSuffix(".ndjson") || file.hasSuffix(".jsonl") ? "application/x-ndjson" : "application/x-npy"
            var query: [String] = []
            if let checkpoint { query.append("checkpoint=\(pathEscaped(checkpoint))") }
            if let weight { query.append("weight=\(weight)") }
            let path = "/v1/pools/\(pathEscaped(pool))/features/\(pathEscaped(name))" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
            let response = try client.json("PUT", path, body: .file(path: file, contentType: contentType, progress: uploadProgress("upload")))
            Console.shared.out(String(decoding: response.body, as: UTF8.self))
        }
    }
}
