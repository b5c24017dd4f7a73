/// What the router decided for a method and path.
enum RouteResolution {
    case matched(Route, parameters: [String: String])
    case methodNotAllowed(pattern: String, allow: [HTTPMethod])
    case notFound
}
