import Foundation

/// Removes a secret from text that may have come back from upstream (some servers echo the
/// Authorization header in their error bodies).
struct SecretRedactor: Sendable {
    static let replacement = "[redacted]"
    let secrets: [String]

    init(secrets: [String?]) {
        // Very short "keys" would redact ordinary words; real keys are long.
        self.secrets = secrets.compactMap { $0 }.filter { $0.count >= 4 }
    }

    func redact(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: Self.replacement) }
    }

    func redact(_ error: ProviderError) -> ProviderError {
        switch error {
        case .upstreamStatus(let status, let message): .upstreamStatus(status: status, message: redact(message))
        case .unreachable(let message): .unreachable(message: redact(message))
        case .invalidResponse(let message): .invalidResponse(message: redact(message))
        case .timeout(let message): .timeout(message: redact(message))
        case .invalidRequest(let parameter, let message): .invalidRequest(parameter: parameter, message: redact(message))
        }
    }
}
