// The Storage module. See ../shared/design/architecture.md for what belongs here.
public enum StorageModule { public static let name = "Storage" }
