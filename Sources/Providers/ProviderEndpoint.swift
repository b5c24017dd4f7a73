/// An OpenAI-compatible endpoint: base URL including the version prefix (e.g. `.../v1`), model, key.
public struct ProviderEndpoint: Sendable, Equatable {
    public var baseURL: String
    public var model: String
    public var apiKey: String?

    public init(baseURL: String, model: String, apiKey: String? = nil) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.model = model
        self.apiKey = apiKey.flatMap { $0.isEmpty ? nil : $0 }
    }

    func url(_ path: String) -> String { baseURL + path }
}

extension ProviderEndpoint: CustomStringConvertible {
    public var description: String {
        "\(baseURL) model=\(model) api_key=\(apiKey == nil ? "none" : SecretRedactor.replacement)"
    }
}
