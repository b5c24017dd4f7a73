import ArgumentParser
import Foundation
import Testing
import TestSupport
@testable import shortlist

/// The CLI client against a live in-process service: output, messages and exit codes
/// (0 ok, 1 API error, 2 usage, 3 connection failure). Serialized: output capture is global.
@Suite(.serialized) struct ClientCommandTests {
    struct Outcome {
        var out = "", err = ""
        var exitCode: Int32 = 0
    }

    /// Parses `arguments` as the root command would and calls `run()`, capturing output.
    static func run(_ arguments: [String], environment: [String: String] = [:]) -> Outcome {
        for (k, v) in environment { setenv(k, v, 1) }
        defer { for k in environment.keys { unsetenv(k) } }
        var outcome = Outcome()
        let captured = Console.shared.capture {
            do {
                var command = try Shortlist.parseAsRoot(arguments)
                try command.run()
            } catch let code as ExitCode {
                outcome.exitCode = code.rawValue
            } catch {
                outcome.exitCode = Shortlist.exitCode(for: error) == .validationFailure ? 2 : Shortlist.exitCode(for: error).rawValue
                Console.shared.err(Shortlist.message(for: error))
            }
        }
        outcome.out = captured.out
        outcome.err = captured.err
        return outcome
    }

    static let items = """
        {"id":"a","text":"first"}
        {"id":"b","text":"second"}
        {"id":"c","text":"third"}

        """

    @Test func poolsCreateListShowDelete_RoundTrip() throws {
        let s = try LiveService()
        let created = Self.run(["pools", "create", "gsm8k", "--description", "math", "--url", s.url])
        #expect(created.exitCode == 0)
        #expect(created.out.contains("\"name\":\"gsm8k\"") && created.out.contains("\"description\":\"math\""))
        #expect(Self.run(["pools", "create", "other", "--url", s.url]).exitCode == 0)
        #expect(Self.run(["pools", "list", "--url", s.url]).out == "gsm8k\t0\nother\t0\n")
        #expect(Self.run(["pools", "show", "gsm8k", "--url", s.url]).out.contains("\"object\":\"pool\""))
        let deleted = Self.run(["pools", "delete", "other", "--url", s.url])
        #expect(deleted.exitCode == 0 && deleted.out == "deleted other\n")
        #expect(Self.run(["pools", "list", "--url", s.url]).out == "gsm8k\t0\n")
    }

    @Test func apiErrors_Exit1_WithTheMessage() throws {
        let s = try LiveService()
        _ = Self.run(["pools", "create", "p", "--url", s.url])
        let again = Self.run(["pools", "create", "p", "--url", s.url])
        #expect(again.exitCode == 1)
        #expect(again.err.hasPrefix("error: conflict: "))
        let missing = Self.run(["pools", "show", "nope", "--url", s.url])
        #expect(missing.exitCode == 1 && missing.err.hasPrefix("error: not_found: ") && missing.out.isEmpty)
        let badName = Self.run(["pools", "create", "has space", "--url", s.url])
        #expect(badName.exitCode == 1 && badName.err.contains("[name]"))
    }

    @Test func itemsImport_UpsertsTheFile_AndABadLineChangesNothing() throws {
        let s = try LiveService()
        _ = Self.run(["pools", "create", "p", "--url", s.url])
        let file = try s.file("items.ndjson", Self.items)
        let imported = Self.run(["items", "import", "p", file, "--url", s.url])
        #expect(imported.exitCode == 0 && imported.out == "inserted 3, updated 0\n")
        let bad = try s.file("bad.ndjson", "{\"id\":\"d\",\"text\":\"x\"}\n{\"id\":5}\n")
        let failed = Self.run(["items", "import", "p", bad, "--url", s.url])
        #expect(failed.exitCode == 1 && failed.err.contains("[line 2"))
        #expect(Self.run(["pools", "list", "--url", s.url]).out == "p\t3\n")
        let missingFile = Self.run(["items", "import", "p", s.directory.appendingPathComponent("none").path, "--url", s.url])
        #expect(missingFile.exitCode == 2 && missingFile.err.contains("cannot read"))
    }

    @Test func connectionFailure_Exits3() throws {
        let port = try { () throws -> Int in
            let s = try LiveService()
            return s.service.port
        }()
        let r = Self.run(["pools", "list", "--url", "http://127.0.0.1:\(port)"])
        #expect(r.exitCode == 3 && r.err.contains("cannot connect to http://127.0.0.1:\(port)"))
    }

    @Test func usageErrors_Exit2() {
        #expect(Self.run(["pools", "list", "--url", "https://x"]).exitCode == 2)
        #expect(Self.run(["pools", "list", "--url", "http://x:99999"]).exitCode == 2)
        #expect(Self.run(["select", "--url", "http://127.0.0.1:1"]).err.contains("give --request FILE"))
        #expect(Self.run(["select", "--candidates", "p", "--method", "random", "--url", "http://127.0.0.1:1"]).err.contains("POOL/FEATURE"))
        #expect(Self.run(["pools", "frobnicate"]).exitCode == 2)
    }

    @Test func theKey_ComesFromSHORTLIST_API_KEY() throws {
        let s = try LiveService(apiKey: "cli-key")
        let denied = Self.run(["pools", "list", "--url", s.url])
        #expect(denied.exitCode == 1 && denied.err.hasPrefix("error: unauthorized: "))
        #expect(Self.run(["pools", "list", "--url", s.url], environment: ["SHORTLIST_API_KEY": "cli-key"]).exitCode == 0)
        #expect(Self.run(["pools", "list"], environment: ["SHORTLIST_API_KEY": "cli-key", "SHORTLIST_URL": s.url]).exitCode == 0)
    }

    @Test func featuresUpload_ThenSelect_PrintsTheResult_InEachFormat() throws {
        let s = try LiveService()
        _ = Self.run(["pools", "create", "p", "--url", s.url])
        _ = Self.run(["items", "import", "p", try s.file("items.ndjson", Self.items), "--url", s.url])
        let vectors = try s.file("v.ndjson", "{\"id\":\"a\",\"vector\":[1,0]}\n{\"id\":\"b\",\"vector\":[0,1]}\n{\"id\":\"c\",\"vector\":[1,1]}\n")
        let upload = Self.run(["features", "upload", "p", "emb", vectors, "--url", s.url])
        #expect(upload.exitCode == 0 && upload.out.contains("\"object\":\"feature\""), "\(upload.err)")
        let json = Self.run(["select", "--candidates", "p/emb", "--method", "random", "--k", "2", "--seed", "3", "--url", s.url, "--poll", "0.05"])
        #expect(json.exitCode == 0, "\(json.err)")
        #expect(json.out.contains("\"object\":\"selection\"") && json.err.hasPrefix("job "))
        let csv = Self.run(["select", "--candidates", "p/emb", "--method", "random", "--k", "2", "--seed", "3", "--format", "csv", "--url", s.url, "--poll", "0.05"])
        #expect(csv.out.hasPrefix("rank,id,index,score,weight\n") && csv.out.split(separator: "\n").count == 3)
        let out = s.directory.appendingPathComponent("r.ndjson").path
        let saved = Self.run(["select", "--candidates", "p/emb", "--method", "random", "--k", "2", "--format", "ndjson", "--output", out, "--url", s.url, "--poll", "0.05"])
        #expect(saved.exitCode == 0 && saved.out.isEmpty)
        #expect(try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").count == 2)
        let jobs = Self.run(["jobs", "list", "--url", s.url])
        #expect(jobs.out.split(separator: "\n").count == 3 && jobs.out.contains("\tselection\tsucceeded\t"))
        let id = String(jobs.out.split(separator: "\t")[0])
        #expect(Self.run(["jobs", "show", id, "--url", s.url]).out.contains("\"id\":\"\(id)\""))
        let cancel = Self.run(["jobs", "cancel", id, "--url", s.url])
        #expect(cancel.exitCode == 1 && cancel.err.hasPrefix("error: conflict: "))
    }

    @Test func exemplars_PrintsOneExemplarPerLine_AndABadMethodExits1() throws {
        let s = try LiveService()
        _ = Self.run(["pools", "create", "p", "--url", s.url])
        let lines = [
            #"{"id":"apples","question":"Tom has 3 apples and buys 2 more apples. How many apples?","answer":"3 + 2 = 5. The answer is 5."}"#,
            #"{"id":"trains","question":"A train goes 60 miles an hour for 2 hours. How far?","answer":"60 * 2 = 120. The answer is 120."}"#,
            #"{"id":"pears","question":"Ann has 4 pears and eats one pear. How many pears?","answer":"4 - 1 = 3. The answer is 3."}"#,
        ]
        _ = Self.run(["items", "import", "p", try s.file("items.ndjson", lines.joined(separator: "\n")), "--url", s.url])
        // The embed job (hashing embedder) has no CLI command; start it over HTTP and wait for it.
        let client = APIClient(url: ServiceURL(host: "127.0.0.1", port: s.service.port), apiKey: nil)
        let job = try client.json("POST", "/v1/pools/p/features/embedding/embed", body: client.jsonBody(.object([]))).json()
        let id = try #require(job["id"]?.stringValue)
        var status = ""
        try waitUntil("the embed job finishes") {
            status = try client.json("GET", "/v1/jobs/\(id)").json()["status"]?.stringValue ?? ""
            return status == "succeeded" || status == "failed"
        }
        #expect(status == "succeeded")
        let r = Self.run(["exemplars", "Sam has 2 apples and gets 5 more apples. How many apples?", "--pool", "p", "--k", "2", "--method", "knn", "--url", s.url])
        #expect(r.exitCode == 0, "\(r.err)")
        let rows = r.out.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(rows.count == 2)
        #expect(rows.first?.prefix(2) == ["1", "apples"])
        let bad = Self.run(["exemplars", "q", "--pool", "p", "--method", "nope", "--url", s.url])
        #expect(bad.exitCode == 1 && bad.err.contains("[method]"), "\(bad.err)")
    }

    @Test func exemplars_PassesTheGenerationOptions_ToTheService() throws {
        let s = try LiveService()
        _ = Self.run(["pools", "create", "p", "--url", s.url])
        // The service names each field it refuses, so each option is seen to reach the request body.
        let format = Self.run(["exemplars", "q", "--pool", "p", "--prompt-format", "markdown", "--url", s.url])
        #expect(format.exitCode == 1 && format.err.contains("prompt_format"), "\(format.err)")
        let pattern = Self.run(["exemplars", "q", "--pool", "p", "--answer-pattern", "(", "--url", s.url])
        #expect(pattern.exitCode == 1 && pattern.err.contains("answer_pattern"), "\(pattern.err)")
        // No LLM is configured in the live service: a generate request is refused, naming it.
        let generate = Self.run(["exemplars", "q", "--pool", "p", "--generate", "--url", s.url])
        #expect(generate.exitCode == 1 && generate.err.contains("generate"), "\(generate.err)")
    }

    @Test func exemplars_PassesReRankerParameters_TypedByTheirDeclaration() throws {
        let s = try LiveService()
        _ = Self.run(["pools", "create", "p", "--url", s.url])
        // Out of range on purpose: the service refuses each value, naming the field it arrived in.
        let rrf = Self.run(["exemplars", "q", "--pool", "p", "--method", "hybrid", "--param", "rrf_c=-1", "--url", s.url])
        #expect(rrf.exitCode == 1 && rrf.err.contains("rrf_c"), "\(rrf.err)")
        let scale = Self.run(["exemplars", "q", "--pool", "p", "--method", "dpp", "--param", "scale_factor=0", "--url", s.url])
        #expect(scale.exitCode == 1 && scale.err.contains("scale_factor"), "\(scale.err)")
        let unknown = Self.run(["exemplars", "q", "--pool", "p", "--param", "rrf=1", "--url", s.url])
        #expect(unknown.exitCode != 0 && unknown.err.contains("no re-ranker takes it"), "\(unknown.err)")
        let text = Self.run(["exemplars", "q", "--pool", "p", "--param", "scale_factor=small", "--url", s.url])
        #expect(text.exitCode != 0 && text.err.contains("must be a finite number"), "\(text.err)")
    }

    @Test func select_ReportsAFailedValidation_AsAnAPIError() throws {
        let s = try LiveService()
        let r = Self.run(["select", "--candidates", "nope/emb", "--method", "random", "--k", "2", "--url", s.url])
        #expect(r.exitCode == 1 && r.err.contains("[candidates.pool]"), "\(r.err)")
    }

    @Test func featuresUpload_StreamsANpyFile_AndABadOneExits1_ChangingNothing() throws {
        let s = try LiveService()
        _ = Self.run(["pools", "create", "p", "--url", s.url])
        _ = Self.run(["items", "import", "p", try s.file("items.ndjson", Self.items), "--url", s.url])
        let good = s.directory.appendingPathComponent("v.npy").path
        try Data(ProcessCrashSafetyTests.npy(rows: 3, dim: 4, value: 0.5)).write(to: URL(fileURLWithPath: good))
        let upload = Self.run(["features", "upload", "p", "emb", good, "--checkpoint", "c1", "--weight", "2", "--url", s.url])
        #expect(upload.exitCode == 0 && upload.out.contains("\"label\":\"c1\""), "\(upload.err)")
        let bad = s.directory.appendingPathComponent("bad.npy").path
        try Data(repeating: 7, count: 4 << 20).write(to: URL(fileURLWithPath: bad))
        let rejected = Self.run(["features", "upload", "p", "emb", bad, "--checkpoint", "c1", "--url", s.url])
        #expect(rejected.exitCode == 1 && rejected.err.hasPrefix("error: invalid_request"), "\(rejected.err)")
        let shown = Self.run(["pools", "show", "p", "--url", s.url]).out
        #expect(shown.contains("\"label\":\"c1\",\"dim\":4,\"weight\":2"), "\(shown)")
    }

    @Test func select_TakesTheWholeRequestFromAFile() throws {
        let s = try LiveService()
        _ = Self.run(["pools", "create", "p", "--url", s.url])
        _ = Self.run(["items", "import", "p", try s.file("items.ndjson", Self.items), "--url", s.url])
        _ = Self.run(["features", "upload", "p", "emb", try s.file("v.ndjson", "{\"id\":\"a\",\"vector\":[1,0]}\n{\"id\":\"b\",\"vector\":[0,1]}\n{\"id\":\"c\",\"vector\":[1,1]}\n"), "--url", s.url])
        let request = try s.file("req.json", #"{"candidates":{"pool":"p","feature":"emb"},"method":"random","budget":{"k":1},"seed":1}"#)
        let r = Self.run(["select", "--request", request, "--format", "ndjson", "--url", s.url, "--poll", "0.05"])
        #expect(r.exitCode == 0 && r.out.split(separator: "\n").count == 1, "\(r.err)")
        let notJSON = try s.file("bad.json", "{")
        #expect(Self.run(["select", "--request", notJSON, "--url", s.url]).exitCode == 2)
    }

    @Test func progressBar_FillsInProportion() {
        #expect(ProgressBar.render(label: "up", done: 5, total: 10, width: 10) == "\rup [#####.....] 50% 5/10")
        #expect(ProgressBar.render(label: "up", done: 12, total: 10, width: 4) == "\rup [####] 100% 12/10")
        #expect(ProgressBar.render(label: "x", done: 3, total: 0) == "\rx 3")
    }
}
