// The Providers module. See ../shared/design/architecture.md for what belongs here.
public enum ProvidersModule { public static let name = "Providers" }
