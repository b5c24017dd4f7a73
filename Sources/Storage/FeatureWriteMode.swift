/// What a feature upload does to the checkpoint's existing rows.
public enum FeatureWriteMode: Sendable {
    /// npy upload: every old row is deleted first, in the same transaction.
    case replaceAll
    /// NDJSON upload: the given items' rows are inserted or overwritten, the rest kept.
    case upsert
}
