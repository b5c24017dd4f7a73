/// `http://host:port[/prefix]` of the service. Only plain HTTP: the service itself does not speak
/// TLS (a TLS-terminating proxy in front of it is the deployment story).
struct ServiceURL: Equatable, Sendable {
    let host: String
    let port: Int
    let pathPrefix: String

    static let defaultURL = "http://127.0.0.1:8080"

    init(host: String, port: Int, pathPrefix: String = "") {
        self.host = host
        self.port = port
        self.pathPrefix = pathPrefix
    }

    init(parsing text: String) throws(ClientError) {
        guard text.hasPrefix("http://") else { throw .usage("--url must start with http:// (got \"\(text)\")") }
        let rest = text.dropFirst("http://".count)
        let authority = rest.prefix { $0 != "/" }
        var prefix = String(rest.dropFirst(authority.count))
        while prefix.hasSuffix("/") { prefix.removeLast() }
        let parts = authority.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty else { throw .usage("--url has no host (got \"\(text)\")") }
        let port = parts.count == 2 ? Int(parts[1]) : 80
        guard let port, (1...65535).contains(port) else { throw .usage("--url has a bad port (got \"\(text)\")") }
        self.init(host: String(parts[0]), port: port, pathPrefix: prefix)
    }
}
