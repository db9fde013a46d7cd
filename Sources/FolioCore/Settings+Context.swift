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
    }
}
