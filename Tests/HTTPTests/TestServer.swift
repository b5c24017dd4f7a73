@testable import HTTP
import TestSupport

/// An `HTTPServer` on an ephemeral port with short deadlines, and a few standard routes.
final class TestServer {
    let server: HTTPServer
    let observer: RecordingObserver

    static func make(
        configure: (inout HTTPServerConfiguration) -> Void = { _ in },
        errorResponder: @escaping HTTPErrorResponder = HTTPResponse.plainTextError, routes: (Router) -> Void = { _ in }
    ) throws -> TestServer {
        var configuration = HTTPServerConfiguration(
            port: 0, headerTimeout: .seconds(5), idleTimeout: .seconds(5), bodyReadTimeout: .seconds(5),
            shutdownGrace: .seconds(2), sendTimeout: .seconds(5))
        configure(&configuration)
        let router = Router()
        router.add("GET", "/echo/{word}") { request in
            .text(200, "\(request.pathParameters["word"] ?? "")|\(request.queryValue("q") ?? "")")
        }
        router.add("POST", "/collect", bodyLimit: 64) { request in
            .text(200, "got \(try request.body.collect(limit: request.bodyLimit).count)")
        }
        router.add("POST", "/ignore") { _ in .text(200, "ignored") }
        routes(router)
        let observer = RecordingObserver()
        let server = HTTPServer(configuration: configuration, router: router, observer: observer, errorResponder: errorResponder)
        let testServer = TestServer(server: server, observer: observer)
        try server.start()
        return testServer
    }

    private init(server: HTTPServer, observer: RecordingObserver) {
        self.server = server
        self.observer = observer
    }

    var records: [HTTPRequestRecord] { observer.all }

    var port: Int { server.port }

    func client(receiveTimeout: Duration = .seconds(10)) throws -> TestClient {
        try TestClient.make(port: port, receiveTimeout: receiveTimeout)
    }

    deinit { server.shutdown() }
}
