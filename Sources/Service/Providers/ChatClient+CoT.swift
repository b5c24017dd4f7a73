import Providers
import Selection

extension ChatClient {
    /// One LLM call of the exemplar route: `turns` with the request's settings, the layout's stop
    /// sequences first; the reply's content as the format reads it (docs/prompts.md). Provider
    /// errors become API errors. The cache key is the whole upstream body, so the format, the
    /// instruction and every setting are part of it.
    func ask(_ turns: [ChatMessage], format: PromptFormat, settings: GenerationSettings, maxTokens: Int) throws -> ExemplarCompletion {
        let request = ChatRequest(
            messages: turns, temperature: settings.temperature,
            maxTokens: maxTokens, seed: settings.seed, stop: format.layoutStops + settings.stop.filter { !format.layoutStops.contains($0) })
        do {
            let r = try complete(request)
            return ExemplarCompletion(content: format.content(fromReply: r.content), cache: r.cacheHit ? "hit" : "miss",
                                      promptTokens: r.promptTokens, completionTokens: r.completionTokens)
        } catch { throw APIError.provider(error, what: "LLM") }
    }
}
