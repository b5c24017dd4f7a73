/// A result row joined with its item's content; `content` is nil when the item has been deleted
/// from the pool since the job ran.
public struct JobResultItemRow: Sendable, Equatable {
    public let result: JobResultRow
    public let content: SelectedItemContent?

    public init(result: JobResultRow, content: SelectedItemContent?) {
        self.result = result
        self.content = content
    }
}
