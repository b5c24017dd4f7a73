import JSON
import Selection
import Storage

/// The job object of docs/api.md, keys in a fixed order. `error` appears only for a failed
/// job (a cancellation is its status, not an error).
enum JobJSON {
    static func job(_ job: JobRecord) -> JSONValue {
        var members: [JSONValue.Member] = [
            JSONValue.Member("object", .string("job")),
            JSONValue.Member("id", .string(job.id)),
            JSONValue.Member("kind", .string(job.kind.rawValue)),
            JSONValue.Member("status", .string(job.status.rawValue)),
            JSONValue.Member("progress", .object([
                "stage": ResourceJSON.optional(job.progressStage), "done": .int(job.progressDone), "total": .int(job.progressTotal),
            ])),
            JSONValue.Member("created_at", .string(job.createdAt)),
            JSONValue.Member("started_at", ResourceJSON.optional(job.startedAt)),
            JSONValue.Member("finished_at", ResourceJSON.optional(job.finishedAt)),
            JSONValue.Member("last_progress_at", ResourceJSON.optional(job.lastProgressAt)),
        ]
        if job.status == .failed { members.append(JSONValue.Member("error", ResourceJSON.spliced(job.error))) }
        if runsOnRay(job) { members.append(JSONValue.Member("ray_job_id", .string(RayEngine.submissionID(jobID: job.id)))) }
        members.append(JSONValue.Member("request", ResourceJSON.spliced(job.request)))
        return .object(members)
    }

    /// Whether the job's request says `"execution": {"engine": "ray"}`. The echo writes
    /// `execution` last and only when not local, so its end tells without parsing a request that
    /// can carry 10,000 inline target rows.
    static func runsOnRay(_ job: JobRecord) -> Bool {
        job.kind == .selection && job.request.hasSuffix(#""execution":{"engine":"ray"}}"#)
    }

    /// The recorded error's message, for the 409 of a failed job's result.
    static func errorMessage(_ job: JobRecord) -> String? {
        ResourceJSON.storedJSON(job.error)["message"]?.stringValue
    }
}
