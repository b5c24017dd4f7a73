import Providers
import TestSupport

extension StubLLM {
    /// The stub as a provider endpoint.
    func endpoint(model: String = "stub-model", apiKey: String? = nil) -> ProviderEndpoint {
        ProviderEndpoint(baseURL: baseURL, model: model, apiKey: apiKey)
    }
}
