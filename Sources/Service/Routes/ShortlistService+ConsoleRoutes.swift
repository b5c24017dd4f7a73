import HTTP

extension ShortlistService {
    /// The routes answered without the API key: the health probe and the console's files.
    static let publicPatterns: Set<String> = ["/healthz", "/", "/ui", "/ui/", "/ui/{asset}"]

    /// The console's files are public (registered with `router.add`, like `/healthz`): they hold no
    /// data; every figure is fetched from the API with the key the user types in.
    func registerConsoleRoutes() {
        let noQuery = QueryParameterCheck(allowed: [])
        if let page = Self.consoleResponse("index.html") {
            for path in ["/", "/ui", "/ui/"] {
                router.add("GET", path) { request in
                    try noQuery.validate(request.query)
                    return page
                }
            }
        }
        let assets = Dictionary(uniqueKeysWithValues: EmbeddedConsole.files.keys.compactMap { name in
            Self.consoleResponse(name).map { (name, $0) }
        })
        router.add("GET", "/ui/{asset}") { request in
            try noQuery.validate(request.query)
            guard let response = assets[request.parameter("asset")] else {
                throw APIError.notFound("the console has no file '\(request.parameter("asset").prefix(64))'", param: "asset")
            }
            return response
        }
    }

    /// The file with its media type; `default-src 'self'` keeps the console from loading anything
    /// from elsewhere (no CDN), and the connection it talks to is this service.
    static func consoleResponse(_ name: String) -> HTTPResponse? {
        guard let text = EmbeddedConsole.files[name] else { return nil }
        let type: String
        switch name.split(separator: ".").last {
        case "html": type = "text/html; charset=utf-8"
        case "css": type = "text/css; charset=utf-8"
        case "js": type = "text/javascript; charset=utf-8"
        case "svg": type = "image/svg+xml"
        default: return nil
        }
        var response = HTTPResponse.text(200, text, contentType: type)
        response.headers.set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'")
        response.headers.set("X-Content-Type-Options", "nosniff")
        response.headers.set("Cache-Control", "no-cache")
        return response
    }
}
