// The HTTP module. See ../shared/design/architecture.md for what belongs here.
public enum HTTPModule { public static let name = "HTTP" }
