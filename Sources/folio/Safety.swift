import ArgumentParser
import FolioRuntime
import Foundation

extension Folio {
    /// `folio safety`: the hallucination and safety chain on its own.
    struct Safety: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check text against its sources: unsupported claims, secrets, personal data.",
            subcommands: [Check.self])

        /// `folio safety check --sources PATH [--json]`: checks stdin.
        struct Check: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Check the text on stdin against the sources at PATH (a file or a folder).",
                discussion: """
                    Extracts the text's claims, finds evidence for each in the sources (MiniLM fused \
                    with BM25), judges it (SAFETY_JUDGE: auto, offline or model; auto asks the model \
                    only when a hosted tier is configured), and checks policy (secrets always block; \
                    personal data and SAFETY_BANNED_TERMS block too). With --action other than report \
                    (SAFETY_ACTION), unsupported sentences are rewritten from their evidence, removed \
                    or marked, and the new text is checked again. Exit code 0 whether or not the \
                    text is safe: read is_safe.
                    """)

            @Option(help: "Source file or folder the text must be faithful to.")
            var sources: String

            @Flag(help: "Print one JSON report: {is_safe, confidence, claims, policy}.")
            var json = false

            @Option(help: "Judge: auto, offline or model (default: SAFETY_JUDGE or auto).")
            var judge: String?

            @Option(help: "What to do with unsupported claims: report, mark, remove or rewrite (default: SAFETY_ACTION or report).")
            var action: String?

            @OptionGroup var providerOptions: ProviderOptions

            @OptionGroup var globalOptions: GlobalOptions

            func validate() throws {
                if sources.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--sources must not be empty") }
                if let judge, !["auto", "offline", "model"].contains(judge.lowercased()) {
                    throw ValidationError("--judge must be auto, offline or model")
                }
                if let action, SafetyAction(rawValue: action.lowercased()) == nil {
                    throw ValidationError("--action must be report, mark, remove or rewrite")
                }
            }

            func run() async throws {
                var overrides = providerOptions.overrides
                overrides["SAFETY_JUDGE"] = judge?.lowercased()
                overrides["SAFETY_ACTION"] = action?.lowercased()
                let input = FileHandle.standardInput.readDataToEndOfFile()
                guard let text = String(data: input, encoding: .utf8) else {
                    throw FolioError.badInput("stdin is not UTF-8 text")
                }
                guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    throw FolioError.badInput("stdin is empty: pipe the text to check into folio safety check")
                }
                let documents: [SourceDocument]
                do {
                    documents = try SourceDocument.load(path: sources)
                } catch let error as SafetyError {
                    throw FolioError.badInput(error.message)
                }
                try await globalOptions.withRuntime(overrides) { runtime in
                    let check = try await runtime.checkSafety(of: text, against: documents)
                    let (report, result, action) = (check.report, check.result, check.action)
                    if json {
                        Terminal.write(try SafetyReportText.json(report: report, result: action == .report ? nil : result))
                    } else {
                        Terminal.write(SafetyReportText.describe(report))
                        if action != .report { Terminal.write("\n" + SafetyReportText.describe(result)) }
                    }
                }
            }
        }
    }
}
