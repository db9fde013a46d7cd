import FolioTesting
import Foundation
import Testing

/// The help a user reads, compared in full: a changed flag, default or wording shows up here.
@Suite struct HelpTextTests {
    static let rootHelp = #"""
            OVERVIEW: Write whole books with language models, chapter by chapter, streamed
            to the terminal.

            USAGE: folio <subcommand>

            OPTIONS:
              -h, --help              Show help information.

            SUBCOMMANDS:
              generate                Write a book: plan its outline, then write each
                                      chapter, streamed to stdout.
              stream                  Stream one completion to stdout, text only, flushed
                                      as it arrives.
              cache                   Inspect or clear the response cache (CACHE_BACKEND:
                                      memory, file or redis).
              providers               Show each configured provider tier's health:
                                      reachable, latency, circuit state.
              tokens                  Count the tokens of stdin's UTF-8 text, or print
                                      their ids.
              context                 Show the context that would be sent when writing
                                      chapter N, section by section.
              embed                   Embed texts from stdin: JSON lines {"text": ...} in,
                                      {"text", "embedding"} out.
              index                   Bring a book's retrieval store (.rag/) up to date;
                                      only what changed is re-embedded.
              query                   Show the passages of a book most similar to TEXT,
                                      best first, with their scores.
              stats                   Summarise the generation log: requests, errors,
                                      latency, tokens, cost, cache, fallbacks, quality.
              export                  Export a book (markdown, epub, html, docx) or posts
                                      (linkedin, markdown, csv, notion, buffer).
              safety                  Check text against its sources: unsupported claims,
                                      secrets, personal data.
              submit                  Queue work for a worker (folio worker) and print its
                                      job id.
              jobs                    List jobs newest first, show one (--follow its
                                      progress) or cancel one.
              worker                  Run queued jobs (folio submit) until stopped; SIGTERM
                                      stops it gracefully.
              post                    Write a post about a code repository from its own
                                      sources, checked against them.
              batch                   Write a post for each repository listed in FILE and
                                      export them all.

              See 'folio help <subcommand>' for detailed help.
            """#

    static let cacheStatsHelp = #"""
            OVERVIEW: Show entries, bytes, hits, misses, hit rate and evictions.

            The memory backend lives in one process, so from here it is always empty.

            USAGE: folio cache stats [--config <config>] [--log-level <log-level>] [--json]

            OPTIONS:
              --config <config>       Settings file (default: ./config.env when present).
              --log-level <log-level> Diagnostics on stderr: trace, debug, info, notice,
                                      warning, error or critical (default: LOG_LEVEL or
                                      warning).
              --json                  Print one JSON object.
              -h, --help              Show help information.
            """#

    @Test(arguments: [(["--help"], rootHelp), (["cache", "stats", "--help"], cacheStatsHelp)])
    func helpIsShownInFull(_ arguments: [String], _ expected: String) async throws {
        let directory = try TemporaryDirectory("folio-help"); defer { directory.remove() }
        let result = try await FolioBinary.run(arguments, in: directory, environment: ["COLUMNS": "80"], timeout: 60)
        #expect(result.code == 0)
        #expect(result.stdout.trimmingCharacters(in: .newlines) == expected)
    }
}
