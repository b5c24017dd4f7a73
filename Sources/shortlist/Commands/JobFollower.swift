import Foundation
import JSON
import Selection

/// Polls a job until it ends, drawing its progress on stderr when that is a terminal.
struct JobFollower {
    let client: APIClient
    let id: String
    let interval: Double

    func waitForEnd() throws(ClientError) -> JSONValue {
        let showProgress = Console.shared.stderrIsTerminal
        while true {
            let job = try client.json("GET", "/v1/jobs/\(pathEscaped(id))").json()
            let status = job["status"]?.stringValue ?? ""
            if showProgress, let progress = job["progress"] {
                let line = ProgressBar.render(
                    label: progress["stage"]?.stringValue ?? status, done: progress["done"]?.intValue ?? 0, total: progress["total"]?.intValue ?? 0)
                Console.shared.err(line, newline: false)
            }
            if ["succeeded", "failed", "cancelled"].contains(status) {
                if showProgress { Console.shared.err("") }
                return job
            }
            Thread.sleep(forTimeInterval: interval)
        }
    }

    /// `waitForEnd`, then the job if it succeeded; otherwise an API error saying how it ended.
    @discardableResult
    func waitForSuccess() throws(ClientError) -> JSONValue {
        let finished = try waitForEnd()
        guard finished["status"]?.stringValue == "succeeded" else {
            let message = finished["error"]?["message"]?.stringValue ?? "no error message"
            throw .api("job \(id) \(finished["status"]?.stringValue ?? "ended"): \(message)")
        }
        return finished
    }
}
