import FolioProviders
import FolioRetrieval
import FolioTesting
import Foundation
import Testing
@testable import FolioSafety

/// The whole chain with the real MiniLM model and the bundled judge and rules.
@Suite(.serialized) struct SafetyChainTests {
    static let readme = """
        # Folio

        Folio writes long documents with language models, from the command line.
        It streams each chapter to the terminal as the model produces it.
        Stop it with Ctrl-C and run it again: it resumes at the first unfinished chapter.

        ## Exports

        Books export to Markdown, EPUB, HTML and DOCX. Posts export to LinkedIn text and CSV.
        Folio 2.0 was released in March 2021 under the MIT licence.
        """

    static var modelAvailable: Bool {
        FileManager.default.fileExists(atPath: MiniLMReference.modelDirectory + "/model.safetensors")
    }

    static func chain(judge: (any ClaimJudge)? = nil) throws -> SafetyChain {
        try SafetyChain(embedder: MiniLMEmbedder(directory: MiniLMReference.modelDirectory), judge: judge)
    }

    @Test("stated features are supported with file and lines; an invented one is not")
    func supportedAndUnsupported() async throws {
        guard Self.modelAvailable else { print("skipped: no MiniLM model in models/"); return }
        let text = """
            Folio streams each chapter to the terminal while the model writes it.
            Books can be exported to EPUB and DOCX.
            Folio translates every book into twelve languages with a built-in neural translator.
            """
        let report = try await Self.chain().check(text: text, sources: [SourceDocument(name: "README.md", text: Self.readme)])
        #expect(report.claims.count == 3)
        #expect(report.claims[0].supported, "\(report.claims[0])")
        #expect(report.claims[1].supported, "\(report.claims[1])")
        #expect(!report.claims[2].supported, "\(report.claims[2])")
        let evidence = try #require(report.claims[1].evidence.first)
        #expect(evidence.file == "README.md" && evidence.firstLine == 9)
        #expect(report.policy.isEmpty)
        #expect(report.confidence > 0 && report.confidence < 1)
    }

    @Test("a wrong year in a highly similar sentence is contradicted, and the text is not safe")
    func contradiction() async throws {
        guard Self.modelAvailable else { print("skipped: no MiniLM model in models/"); return }
        let report = try await Self.chain().check(text: "Folio 2.0 was released in March 2019 under the MIT licence.",
                                                  sources: [SourceDocument(name: "README.md", text: Self.readme)])
        #expect(report.claims.first?.label == .contradicted)
        #expect(!report.isSafe)
    }

    @Test("an API key or an email address in the text blocks it whatever the claims")
    func policyBlocks() async throws {
        guard Self.modelAvailable else { print("skipped: no MiniLM model in models/"); return }
        let chain = try Self.chain()
        let sources = [SourceDocument(name: "README.md", text: Self.readme)]
        let key = "sk-ant-api03-" + String(repeating: "Ab3_", count: 23) + "xAA"
        for text in ["Folio streams each chapter to the terminal. Use the key \(key) to try it.",
                     "Folio streams each chapter to the terminal. Write to someone@example.com for help."] {
            let report = try await chain.check(text: text, sources: sources)
            #expect(!report.isSafe)
            #expect(report.confidence == 0)
            #expect(report.policy.contains { $0.blocking })
            let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
            #expect(!json.contains(key) && !json.contains("someone@example.com"))
            // Acting on the text neither keeps the secret nor repeats it in the list of changes.
            let index = try await EvidenceIndex.build(documents: sources, embedder: chain.embedder)
            let removed = try await SafetyRewriter(chain: chain).apply(.remove, text: text, report: report, index: index)
            let changes = String(decoding: try JSONEncoder().encode(removed.changes), as: UTF8.self)
            #expect(!changes.contains(key) && !changes.contains("someone@example.com"))
            #expect(!removed.text.contains(key))
        }
    }

    /// A text with one supported sentence and one invented feature, checked against the README.
    static func inventedExports() async throws -> (SafetyChain, EvidenceIndex, String, SafetyReport) {
        let chain = try Self.chain()
        let index = try await EvidenceIndex.build(documents: [SourceDocument(name: "README.md", text: Self.readme)],
                                                  embedder: chain.embedder)
        let text = "Folio resumes at the first unfinished chapter. Books export to PDF, Kindle and audiobooks with one click."
        return (chain, index, text, try await chain.check(text: text, index: index))
    }

    @Test("rewrite replaces an unsupported sentence by the model's supported version; remove and mark act too")
    func actions() async throws {
        guard Self.modelAvailable else { print("skipped: no MiniLM model in models/"); return }
        let (chain, index, text, report) = try await Self.inventedExports()
        #expect(report.unsupportedClaims.map(\.text) == ["Books export to PDF, Kindle and audiobooks with one click."])

        let provider = ScriptedProvider(replies: [.text(["Books export to Markdown, EPUB, HTML and DOCX."])])
        let rewriter = SafetyRewriter(chain: chain, streamer: ProviderChain(tiers: [provider]))
        let rewritten = try await rewriter.apply(.rewrite, text: text, report: report, index: index)
        #expect(rewritten.text == "Folio resumes at the first unfinished chapter. Books export to Markdown, EPUB, HTML and DOCX.")
        #expect(rewritten.changes.map(\.kind) == [.rewritten])
        #expect(rewritten.report.unsupportedClaims.isEmpty)
        let prompt = try #require(provider.requests.first?.messages.last?.content)
        #expect(prompt.contains("Books export to Markdown, EPUB, HTML and DOCX.") && prompt.contains("PDF, Kindle"))

        // A rewrite that is still unsupported is not used: the sentence goes.
        let stubborn = ScriptedProvider(replies: [.text(["Books export to PDF and Kindle."])])
        let removed = try await SafetyRewriter(chain: chain, streamer: ProviderChain(tiers: [stubborn]))
            .apply(.rewrite, text: text, report: report, index: index)
        #expect(removed.text == "Folio resumes at the first unfinished chapter. ")
        #expect(removed.changes.map(\.kind) == [.removed])

        let marked = try await SafetyRewriter(chain: chain).apply(.mark, text: text, report: report, index: index)
        #expect(marked.text.hasSuffix("with one click. [unverified]"))
        let untouched = try await SafetyRewriter(chain: chain).apply(.report, text: text, report: report, index: index)
        #expect(untouched.text == text && untouched.changes.isEmpty)
    }

    @Test("a rewrite that misspells a name of its evidence is not used: the sentence goes")
    func misspeltRewrite() async throws {
        guard Self.modelAvailable else { print("skipped: no MiniLM model in models/"); return }
        let (chain, index, text, report) = try await Self.inventedExports()
        let misspelt = ScriptedProvider(replies: [.text(["Fólio books export to Markdown, EPUB, HTML and DOCX."]),
                                                  .text(["Foilo books export to Markdown, EPUB, HTML and DOCX."])])
        for _ in 0..<2 {
            let result = try await SafetyRewriter(chain: chain, streamer: ProviderChain(tiers: [misspelt]))
                .apply(.rewrite, text: text, report: report, index: index)
            #expect(result.changes.map(\.kind) == [.removed], "\(result.changes)")
        }
    }

    @Test("the model judge sends claim and evidence, reads the JSON verdict, falls back on a bad answer")
    func modelJudge() async throws {
        guard Self.modelAvailable else { print("skipped: no MiniLM model in models/"); return }
        let provider = ScriptedProvider(replies: [
            .text(["{\"label\": \"supported\", ", "\"score\": 0.93, \"quote\": \"It streams each chapter\"}"]),
            .text(["I am not sure about that."]),
        ])
        let judge = ModelJudge(streamer: ProviderChain(tiers: [provider]), fallback: try OfflineJudge())
        let chain = try Self.chain(judge: judge)
        let report = try await chain.check(
            text: "Folio streams each chapter to the terminal. Folio was written on the Moon by penguins.",
            sources: [SourceDocument(name: "README.md", text: Self.readme)])
        #expect(report.claims[0].supported && report.claims[0].score == 0.93)
        #expect(report.claims[0].quote == "It streams each chapter")
        #expect(!report.claims[1].supported)  // the offline judge decided
        let request = try #require(provider.requests.first)
        #expect(request.jsonSchema != nil && request.temperature == 0 && request.purpose == "safety-judge")
        #expect(request.messages.last?.content.contains("CLAIM: Folio streams each chapter to the terminal.") == true)
        #expect(request.messages.last?.content.contains("(README.md:") == true)
        #expect(throws: SafetyError.self) { try ModelJudge.parse("{\"label\": \"maybe\"}") }
    }

    @Test("the bundled judge model loads, was fitted, and scores a verbatim claim above an unrelated one")
    func bundledJudge() throws {
        let model = try JudgeModel.bundled()
        #expect(model.provenance["wice_dev_balanced_accuracy"] != nil)
        let judge = try OfflineJudge(model: model)
        let passage = SourcePassage(file: "a", firstLine: 1, lastLine: 1, text: "The bridge opened to traffic in 1932.",
                                    firstSentence: 0, sentenceCount: 1)
        let verbatim = judge.judgeSynchronously("The bridge opened to traffic in 1932.",
                                                evidence: [Evidence(passage: passage, cosine: 1, bm25: 5, fused: 1)])
        let unrelated = judge.judgeSynchronously("The composer wrote nine symphonies in Vienna.",
                                                 evidence: [Evidence(passage: passage, cosine: 0.05, bm25: 0, fused: 1)])
        #expect(verbatim.isSupported && !unrelated.isSupported)
        #expect(verbatim.score > unrelated.score)
    }

    @Test("sources load from a folder, skipping hidden and binary files; a missing path is a clear error")
    func sourcesFromFolder() throws {
        try withTemporaryDirectorySync { directory in
            try FileManager.default.createDirectory(atPath: directory.appending("docs"), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: directory.appending(".git"), withIntermediateDirectories: true)
            try "# Read me\nHello there.".write(toFile: directory.appending("README.md"), atomically: true, encoding: .utf8)
            try "Guide text.".write(toFile: directory.appending("docs/guide.txt"), atomically: true, encoding: .utf8)
            try "secret".write(toFile: directory.appending(".git/config"), atomically: true, encoding: .utf8)
            try Data([0, 1, 2]).write(to: URL(fileURLWithPath: directory.appending("docs/blob.txt")))
            let documents = try SourceDocument.load(path: directory.path)
            #expect(documents.map(\.name) == ["README.md", "docs/guide.txt"])
            #expect(throws: SafetyError.sourcesMissingKind) { try SourceDocument.load(path: directory.appending("nope")) }
        }
    }
}

/// Runs `body` with a fresh temporary folder, removed afterwards.
func withTemporaryDirectorySync(_ body: (TemporaryDirectory) throws -> Void) throws {
    let directory = try TemporaryDirectory("folio-safety")
    defer { directory.remove() }
    try body(directory)
}
