import Providers

extension ChatClient {
    /// A completion in the prompt layout of specs/exemplars.md §2 (stop at the next question): content plus "hit"/"miss", provider errors as API errors.
    func completeForCoT(_ prompt: String) throws -> (content: String, cache: String) {
        do {
            let r = try complete(prompt: prompt, stop: ["\nQuestion:"])
            return (r.content, r.cacheHit ? "hit" : "miss")
        } catch { throw APIError.provider(error, what: "LLM") }
    }
}
