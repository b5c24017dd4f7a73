import Synchronization

/// Maps method + path to a handler. Routes are usually added before the server starts; a mutex
/// keeps late additions safe anyway.
public final class Router: Sendable {
    private let routes = Mutex<[Route]>([])

    public init() {}

    /// `bodyLimit` bounds collected bodies (`request.bodyLimit`); `streamLimit` bounds bodies read
    /// as a stream. Nil means the server's defaults.
    public func add(
        _ method: String, _ pattern: String, bodyLimit: Int? = nil, streamLimit: Int? = nil,
        _ handler: @escaping HTTPHandler
    ) {
        let route = Route(
            method: method.uppercased(), pattern: RoutePattern(pattern), bodyLimit: bodyLimit, streamLimit: streamLimit,
            handler: handler)
        routes.withLock { $0.append(route) }
    }

    /// The registered patterns, for metrics and documentation.
    public var patterns: [String] {
        routes.withLock { routes in
            var seen: [String] = []
            for route in routes where !seen.contains(route.pattern.text) { seen.append(route.pattern.text) }
            return seen
        }
    }

    /// `pathSegments` are the percent-decoded segments of the path. HEAD falls back to GET.
    func resolve(method: String, pathSegments: [String]) -> RouteResolution {
        let candidates = routes.withLock { $0 }.compactMap { route in
            route.pattern.match(pathSegments).map { (route, $0) }
        }
        guard let best = candidates.first(where: { candidate in
            !candidates.contains { $0.0.pattern.isMoreSpecific(than: candidate.0.pattern) }
        }) else { return .notFound }
        let samePattern = candidates.filter { $0.0.pattern == best.0.pattern }
        if let exact = samePattern.first(where: { $0.0.method == method }) {
            return .matched(exact.0, parameters: exact.1)
        }
        if method == "HEAD", let get = samePattern.first(where: { $0.0.method == "GET" }) {
            return .matched(get.0, parameters: get.1)
        }
        var allow = samePattern.map(\.0.method)
        if allow.contains("GET") && !allow.contains("HEAD") { allow.append("HEAD") }
        return .methodNotAllowed(pattern: best.0.pattern.text, allow: allow)
    }

    static func pathSegments(ofRawPath rawPath: Substring) throws(HTTPError) -> [String] {
        var segments: [String] = []
        for raw in rawPath.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            segments.append(try RequestTarget.percentDecoded(raw, plusIsSpace: false, what: "path"))
        }
        return segments
    }
}
