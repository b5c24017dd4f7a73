import Foundation
import HTTP
import JSON
import Providers

/// Ray's job-submission REST API (the dashboard's `/api/jobs/`), through libcurl: submit a job,
/// read its status and its logs, stop and delete it. Every call has a connect and a total
/// timeout, so an unreachable or dead cluster is an error, never a hang.
struct RayJobClient: Sendable {
    /// The dashboard URL, e.g. `http://127.0.0.1:8265`.
    let address: String
    let transport: any HTTPTransport
    let timeouts: ProviderTimeouts
    /// Pauses before each new submission attempt after a 5xx: Ray's dashboard answers 500 while
    /// its job agent is still starting (a head that just came up), which is worth waiting out.
    let submitRetryDelays: [Double]

    init(address: String, transport: any HTTPTransport = CurlTransport(),
         timeouts: ProviderTimeouts = ProviderTimeouts(connectMilliseconds: 3_000, totalMilliseconds: 15_000),
         submitRetryDelays: [Double] = [0.5, 1, 2, 4]) {
        self.address = address.hasSuffix("/") ? String(address.dropLast()) : address
        self.transport = transport
        self.timeouts = timeouts
        self.submitRetryDelays = submitRetryDelays
    }

    /// Submits the job. A 5xx is retried after each of `submitRetryDelays`; each retry first
    /// asks whether the failed attempt created the job after all (the id is ours, so the job is
    /// never submitted twice). Any other refusal, or the last 5xx, is the error.
    func submit(entrypoint: String, submissionID: String) throws {
        let path = "/api/jobs/"
        let body = JSONWriter.encode(.object(["entrypoint": .string(entrypoint), "submission_id": .string(submissionID)]))
        var pauses = submitRetryDelays[...]
        while true {
            let response = try send(.post, path, body: body)
            if (200..<300).contains(response.status) { return }
            guard response.status >= 500, let pause = pauses.popFirst() else { throw refusal(response, .post, path) }
            Thread.sleep(forTimeInterval: pause)
            if try status(submissionID) != nil { return }
        }
    }

    /// The job's status; nil when the cluster knows no job of that id.
    func status(_ submissionID: String) throws -> RayJobStatus? {
        guard let value = try call(.get, "/api/jobs/\(submissionID)", notFoundIsNil: true) else { return nil }
        guard let state = value["status"]?.stringValue else { throw EngineError("the Ray cluster at \(address) answered without a job status") }
        return RayJobStatus(state: state, message: value["message"]?.stringValue ?? "")
    }

    func logs(_ submissionID: String) throws -> String {
        try call(.get, "/api/jobs/\(submissionID)/logs")?["logs"]?.stringValue ?? ""
    }

    func stop(_ submissionID: String) throws {
        _ = try call(.post, "/api/jobs/\(submissionID)/stop")
    }

    /// Forgets a finished job (Ray refuses a second submission under the same id).
    func delete(_ submissionID: String) throws {
        _ = try call(.delete, "/api/jobs/\(submissionID)", notFoundIsNil: true)
    }

    private func call(_ method: HTTPMethod, _ path: String, body: [UInt8] = [], notFoundIsNil: Bool = false) throws -> JSONValue? {
        let response = try send(method, path, body: body)
        if notFoundIsNil, response.status == 404 { return nil }
        guard (200..<300).contains(response.status) else { throw refusal(response, method, path) }
        do { return try JSONParser.parse(response.body) } catch {
            throw EngineError("the Ray cluster at \(address) answered \(method) \(path) with something other than JSON")
        }
    }

    /// One request; a transport failure (refused, timed out) is the error, any status is not.
    private func send(_ method: HTTPMethod, _ path: String, body: [UInt8]) throws -> HTTPResponseData {
        let request = HTTPRequestSpec(method: method, url: address + path, headers: body.isEmpty ? [] : [("Content-Type", "application/json")], body: body)
        do { return try transport.send(request, timeouts: timeouts) } catch {
            throw EngineError("the Ray cluster at \(address) did not answer \(method) \(path): \(error)")
        }
    }

    private func refusal(_ response: HTTPResponseData, _ method: HTTPMethod, _ path: String) -> EngineError {
        EngineError("the Ray cluster at \(address) answered \(response.status) to \(method) \(path): \(String(decoding: response.body.prefix(300), as: UTF8.self))")
    }

    /// The last `PROGRESS <stage> <done> <total>` line of the driver's output, if any.
    static func lastProgress(_ logs: String) -> (stage: String, done: Int, total: Int)? {
        for line in logs.split(separator: "\n").reversed() {
            let words = line.split(separator: " ")
            if words.count == 4, words[0] == "PROGRESS", let done = Int(words[2]), let total = Int(words[3]) {
                return (String(words[1]), done, total)
            }
        }
        return nil
    }
}
