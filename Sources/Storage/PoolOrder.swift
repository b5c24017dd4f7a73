/// The key a pool listing is sorted and paginated by.
public enum PoolOrder: Sendable {
    case name
    case id
}
