import Foundation

/// The human-readable part of an upstream error body: OpenAI's `{"error": {"message"}}` when
/// present, else the start of the body.
enum UpstreamErrorBody {
    static let maxLength = 300

    // Redacts before truncating, so a cut can never leave a fragment of a key behind.
    static func message(_ body: [UInt8], redactor: SecretRedactor) -> String {
        if let parsed = try? JSONDecoder().decode(Envelope.self, from: Data(body)), let message = parsed.error.message {
            return truncated(redactor.redact(message))
        }
        let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "(empty body)" : truncated(redactor.redact(text))
    }

    static func truncated(_ text: String) -> String {
        text.count <= maxLength ? text : String(text.prefix(maxLength)) + "..."
    }

    private struct Envelope: Decodable {
        struct Detail: Decodable { var message: String? }
        var error: Detail
    }
}
