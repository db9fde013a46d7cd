import FolioProviders
import Foundation
import Logging

/// A judge that asks a language model, MiniCheck style: one prompt per claim with its evidence,
/// answered as JSON `{"label", "score", "quote"}`.
///
/// The request goes through a `ChatStreamer` (a provider chain, usually behind a cache), so the
/// same claim and evidence are answered once. An answer that is not the JSON asked for falls
/// back to `fallback` when one is given.
public struct ModelJudge: ClaimJudge {
    /// The chain (or cache in front of it) that answers.
    public let streamer: any ChatStreamer
    /// Model name; nil for each tier's default.
    public let model: String?
    /// Judge used when the model's answer is unusable.
    public let fallback: (any ClaimJudge)?
    private let logger = Logger(label: "folio.safety.judge")

    /// Creates a model judge.
    public init(streamer: any ChatStreamer, model: String? = nil, fallback: (any ClaimJudge)? = nil) {
        self.streamer = streamer
        self.model = model
        self.fallback = fallback
    }

    static let system = """
        You check facts. Decide whether the DOCUMENT supports the CLAIM. A claim is supported only \
        if every part of it is stated in, or directly follows from, the document; it is contradicted \
        if the document states something incompatible (another number, date or name); otherwise it \
        is unsupported. Answer with one JSON object and nothing else: \
        {"label": "supported" | "unsupported" | "contradicted", "score": probability from 0 to 1 \
        that the claim is supported, "quote": the document sentence the verdict rests on, or ""}.
        """

    static let schema = """
        {"type":"object","properties":{"label":{"type":"string","enum":["supported","unsupported","contradicted"]},\
        "score":{"type":"number"},"quote":{"type":"string"}},"required":["label","score","quote"]}
        """

    /// The request sent for `claim`.
    func request(_ claim: Claim, evidence: [Evidence]) -> ChatRequest {
        let document = evidence.enumerated().map { index, item in
            "[\(index + 1)] (\(item.passage.file):\(item.passage.firstLine)) \(item.passage.text)"
        }.joined(separator: "\n")
        return ChatRequest(
            messages: [ChatMessage(.system, Self.system),
                       ChatMessage(.user, "DOCUMENT:\n\(document.isEmpty ? "(no evidence found)" : document)\n\nCLAIM: \(claim.text)")],
            model: model, maxTokens: 300, temperature: 0, jsonSchema: Self.schema, purpose: "safety-judge")
    }

    public func judge(_ claim: Claim, evidence: [Evidence]) async throws -> Judgement {
        let request = request(claim, evidence: evidence)
        var answer = ""
        for try await event in streamer.stream(request) {
            if case .text(let text) = event { answer += text }
        }
        do {
            return try Self.parse(answer)
        } catch {
            await streamer.discard(request)
            guard let fallback else { throw error }
            logger.warning("model judge answer unusable; using the fallback judge", metadata: ["error": "\(error)"])
            return try await fallback.judge(claim, evidence: evidence)
        }
    }

    /// The verdict in a model's answer: the outermost JSON object, with a known label.
    static func parse(_ answer: String) throws -> Judgement {
        guard let open = answer.firstIndex(of: "{"), let close = answer.lastIndex(of: "}"), open < close,
              let object = try? JSONSerialization.jsonObject(with: Data(answer[open...close].utf8)) as? [String: Any] else {
            throw SafetyError.judgeAnswer("no JSON object in the answer")
        }
        guard let labelText = (object["label"] as? String)?.lowercased(),
              let label = Judgement.Label(rawValue: labelText.replacingOccurrences(of: "not_supported", with: "unsupported")) else {
            throw SafetyError.judgeAnswer("no known label")
        }
        let score = (object["score"] as? Double) ?? (object["score"] as? NSNumber)?.doubleValue
            ?? (label == .supported ? 1 : 0)
        let quote = (object["quote"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        return Judgement(label: label, score: score, quote: quote)
    }
}
