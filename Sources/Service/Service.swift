// The Service module. See ../shared/design/architecture.md for what belongs here.
public enum ServiceModule { public static let name = "Service" }
