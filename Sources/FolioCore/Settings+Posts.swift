extension Settings {
    /// Posts about code repositories.
    public struct Posts: Sendable {
        /// Folder holding one sub-folder per post (`POSTS_DIR`).
        public var directory: String = "posts"
        /// Weight of each kind of repository source in retrieval (`POST_WEIGHT_<KIND>`), by kind name.
        public var weights: [String: Double] = [
            "readme": 1.0, "manifest": 0.9, "examples": 0.85, "docs": 0.75, "changelog": 0.65, "commits": 0.6, "tags": 0.5,
        ]
        /// Tokens of repository evidence the facts step reads (`POST_EVIDENCE_TOKENS`).
        public var evidenceTokens: Int = 900
        /// Tries per generation step before a post fails (`POST_ATTEMPTS`).
        public var attempts: Int = 3
        /// Base sampler seed of a post's model calls (`POST_SEED`): another seed, another post
        /// from the same sources; the same seed and cache replay the same post.
        public var seed: Int = 1
        /// How body sentences are made from their facts (`POST_BODY`): `trim` (the model keeps
        /// the fact's clauses it chooses, held to them by a grammar on the bundled server),
        /// `paraphrase` (the model's own sentence, checked), or `auto`: `trim` when the first
        /// tier is the bundled model.
        public var body: String = "auto"
        /// Jobs a batch runs at once (`BATCH_JOBS`).
        public var batchJobs: Int = 2
    }

    mutating func readPosts(_ read: SettingsParser) throws {
        posts.directory = read.string("POSTS_DIR") ?? posts.directory
        for kind in posts.weights.keys {
            posts.weights[kind] = try read.double("POST_WEIGHT_\(kind.uppercased())", in: 0...10) ?? posts.weights[kind]
        }
        posts.evidenceTokens = try read.int("POST_EVIDENCE_TOKENS", in: 100...100_000) ?? posts.evidenceTokens
        posts.attempts = try read.int("POST_ATTEMPTS", in: 1...10) ?? posts.attempts
        posts.seed = try read.int("POST_SEED", in: 0...Settings.maximumSeed) ?? posts.seed
        posts.batchJobs = try read.int("BATCH_JOBS", in: 1...64) ?? posts.batchJobs
        if let body = read.string("POST_BODY")?.lowercased() {
            guard ["auto", "trim", "paraphrase"].contains(body) else {
                throw FolioError.badInput("POST_BODY must be auto, trim or paraphrase; got '\(body)'")
            }
            posts.body = body
        }
    }
}
