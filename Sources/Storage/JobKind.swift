public enum JobKind: String, Sendable, CaseIterable {
    case selection
    case embed
    case evaluation
}
