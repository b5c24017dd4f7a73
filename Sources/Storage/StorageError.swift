/// Domain errors of the data layer, each naming what it is about so the Service can map it to a
/// typed API error without parsing messages.
public enum StorageError: Error, Equatable, Sendable {
    /// A unique name or id already exists (`what` is e.g. "pool 'x'").
    case conflict(String)
    /// A referenced row does not exist (`what` is e.g. "pool 'x'").
    case notFound(String)
    /// A caller-supplied value is unusable; `parameter` names it (e.g. "cursor", "limit", "vector").
    case invalidArgument(parameter: String, reason: String)
    /// A checkpoint lacks a row for at least one live item; names the first such item.
    case featureIncomplete(checkpoint: String, firstMissingItemID: String, index: Int)
    /// The database records a migration this build does not ship: it was written by a newer build.
    case unknownMigration(version: Int, name: String)
    /// Stored data violates an invariant the schema cannot express (e.g. a vector of the wrong size).
    case corrupt(String)
    /// An embedded migration's name differs from the one the database recorded for that version.
    case migrationMismatch(version: Int, recorded: String, embedded: String)
}
