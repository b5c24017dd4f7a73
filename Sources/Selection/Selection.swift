// The Selection module. See ../shared/design/architecture.md for what belongs here.
public enum SelectionModule { public static let name = "Selection" }
