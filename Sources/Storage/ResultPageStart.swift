/// Where a page of a job's result rows starts: the first page by offset, each next one after the
/// last rank already read (a keyset walk: no page re-reads the rows before it).
public enum ResultPageStart: Sendable, Equatable {
    case offset(Int)
    case afterRank(Int)
}
