import Foundation

extension Settings {
    /// The token optimizer: tokenizers, context windows, the sliding window and its shares.
    public struct Context: Sendable {
        /// The cl100k_base ranks file (`CL100K_RANKS_PATH`).
        public var cl100kRanksPath: String = "models/cl100k_base.tiktoken"
        /// The MiniLM WordPiece vocabulary (`WORDPIECE_VOCAB_PATH`).
        public var wordPieceVocabularyPath: String = "models/all-MiniLM-L6-v2/vocab.txt"
        /// The most previous chapters given in full (`SLIDING_WINDOW_CHAPTERS`).
        public var windowChapters: Int = 3
        /// Shares of the tokens after the essentials (`RAG_RATIO_CORE`, `RAG_RATIO_RETRIEVED`,
        /// `RAG_RATIO_SUMMARIES`).
        public var coreRatio: Double = 0.4
        public var retrievedRatio: Double = 0.4
        public var summariesRatio: Double = 0.2
        /// Context window in tokens by provider (`CONTEXT_WINDOW_<PROVIDER>`); `local` uses
        /// `LOCAL_CONTEXT_SIZE`.
        public var windows: [String: Int] = Context.defaultWindows
        /// Factor applied to cl100k counts by provider (`TOKEN_MARGIN_<PROVIDER>`), for models
        /// whose own tokenizer Folio approximates with cl100k.
        public var margins: [String: Double] = Context.defaultMargins

        /// Context windows of each provider's default model.
        public static let defaultWindows: [String: Int] = [
            "openai": 128_000, "anthropic": 200_000, "gemini": 1_000_000, "groq": 131_072,
            "openrouter": 128_000, "ollama": 8192, "openai-compatible": 8192,
        ]

        /// cl100k is OpenAI's own tokenizer; the others count differently, so their counts get
        /// a margin: Claude's and Llama's tokenizers give up to ~20% more tokens than cl100k on
        /// English prose, Gemini's about 10%; SmolLM2's gave 1.01x on prose and 1.13x on code and docs.
        public static let defaultMargins: [String: Double] = [
            "openai": 1.0, "openrouter": 1.0, "anthropic": 1.2, "gemini": 1.1, "groq": 1.2,
            "ollama": 1.2, "openai-compatible": 1.2, "local": 1.2,
        ]
    }

    mutating func readContext(_ read: SettingsParser) throws {
        context.cl100kRanksPath = read.string("CL100K_RANKS_PATH") ?? context.cl100kRanksPath
        context.wordPieceVocabularyPath = read.string("WORDPIECE_VOCAB_PATH") ?? context.wordPieceVocabularyPath
        context.windowChapters = try read.int("SLIDING_WINDOW_CHAPTERS", in: 0...100) ?? context.windowChapters
        context.coreRatio = try read.double("RAG_RATIO_CORE", in: 0...1) ?? context.coreRatio
        context.retrievedRatio = try read.double("RAG_RATIO_RETRIEVED", in: 0...1) ?? context.retrievedRatio
        context.summariesRatio = try read.double("RAG_RATIO_SUMMARIES", in: 0...1) ?? context.summariesRatio
        guard context.coreRatio + context.retrievedRatio + context.summariesRatio > 0 else {
            throw FolioError.badInput("RAG_RATIO_CORE, RAG_RATIO_RETRIEVED and RAG_RATIO_SUMMARIES cannot all be 0")
        }
        for provider in Context.defaultMargins.keys {
            let name = provider.uppercased().replacingOccurrences(of: "-", with: "_")
            if provider != "local", let window = try read.int("CONTEXT_WINDOW_\(name)", in: 256...100_000_000) {
                context.windows[provider] = window
            }
            if let margin = try read.double("TOKEN_MARGIN_\(name)", in: 1...4) {
                context.margins[provider] = margin
            }
        }
    }
}
