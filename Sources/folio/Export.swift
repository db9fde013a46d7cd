import ArgumentParser
import FolioRuntime
import Foundation

extension Folio {
    /// `folio export`: a book to Markdown, EPUB, HTML or DOCX; posts to LinkedIn text, Markdown,
    /// CSV, Notion or Buffer.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export a book (markdown, epub, html, docx) or posts (linkedin, markdown, csv, notion, buffer).",
            discussion: """
                Only finished chapters are exported. Without --output the file is named after the book \
                or repository in the current folder; --output - writes a single-file export to stdout. \
                An existing output is never replaced without --force. Dates inside EPUB and DOCX files \
                come from SOURCE_DATE_EPOCH when set, else from the book's updated_at, so the same book \
                always exports to the same bytes.
                """)

        @Option(help: "A book's folder (books/<slug>).")
        var book: String?

        @Option(help: "A post's folder (posts/<repo-slug>).")
        var post: String?

        @Option(help: "A folder of posts (posts/): every post in it.")
        var posts: String?

        @Option(help: "Books: markdown, epub, html or docx. Posts: linkedin, markdown, csv, notion or buffer.")
        var format: String

        @Option(help: "Where to write (a file, or a folder for notion and for several posts); - for stdout.")
        var output: String?

        @Option(help: "Cover image for epub and html (JPEG, PNG, GIF or WebP).")
        var cover: String?

        @Option(help: "The author named on the title page and in the metadata (default: Folio).")
        var author: String?

        @Option(help: "Buffer: first posting time, 'YYYY-MM-DD HH:mm'.")
        var schedule: String?

        @Option(help: "Buffer: time between posts (90m, 12h, 1d, 1w); default 1d.")
        var every: String?

        @Flag(help: "CSV: start with a UTF-8 byte-order mark, for Excel.")
        var excel = false

        @Flag(help: "Replace an existing output; export posts below SAFETY_MIN_CONFIDENCE too.")
        var force = false

        @OptionGroup var globalOptions: GlobalOptions

        func validate() throws {
            let sources = [book, post, posts].compactMap { $0 }
            guard sources.count == 1 else {
                throw ValidationError("give exactly one of --book, --post or --posts")
            }
            guard let format = ExportFormat(rawValue: format) else {
                throw ValidationError("unknown --format '\(format)'")
            }
            if book != nil, !ExportFormat.bookFormats.contains(format) {
                throw ValidationError(PublishingError.notForBooks(format.rawValue).description)
            }
            if book == nil, !ExportFormat.postFormats.contains(format) {
                throw ValidationError(PublishingError.notForPosts(format.rawValue).description)
            }
            if cover != nil, format != .epub, format != .html {
                throw ValidationError("--cover applies to epub and html")
            }
            if (schedule != nil || every != nil), format != .buffer {
                throw ValidationError("--schedule and --every apply to buffer")
            }
            if every != nil, schedule == nil {
                throw ValidationError("--every needs --schedule")
            }
            if excel, format != .csv {
                throw ValidationError("--excel applies to csv")
            }
        }

        func run() async throws {
            let minimumConfidence = try await globalOptions.settings().safety.minimumConfidence
            do {
                try export(minimumConfidence: minimumConfidence)
            } catch let error as PublishingError {
                throw error.isBadInput ? FolioError.badInput(error.description) : FolioError.runtime(error.description)
            }
        }

        private func export(minimumConfidence: Double) throws {
            guard let format = ExportFormat(rawValue: format) else { throw ValidationError("unknown --format '\(format)'") }
            var artifact: ExportArtifact
            let stem: String
            let fileExtension: String
            if let book {
                let modified = try PublicationDate.sourceDateEpoch(ProcessInfo.processInfo.environment)
                let loaded = try PublishableBook.load(folder: book, author: author, modified: modified)
                let options = Exporters.BookOptions(cover: try cover.map { try CoverImage.load(path: $0) })
                let exporter = try Exporters.book(format, options: options)
                artifact = try exporter.export(loaded.book)
                if !loaded.skipped.isEmpty {
                    artifact.notices.append("chapters not finished, left out: \(loaded.skipped.map(String.init).joined(separator: ", "))")
                }
                (stem, fileExtension) = (loaded.book.slug, exporter.fileExtension)
            } else {
                let loaded = try confident(post.map { [try PostStore.load(folder: $0)] } ?? PostStore(directory: posts ?? ".").loadAll(),
                                           minimum: minimumConfidence)
                let schedule = try schedule.map { try BufferSchedule(start: $0, every: every ?? "1d") }
                let exporter = try Exporters.posts(format, options: .init(byteOrderMark: excel, schedule: schedule))
                artifact = try exporter.export(loaded)
                (stem, fileExtension) = (post == nil ? "posts" : loaded[0].repoSlug, exporter.fileExtension)
            }
            // Notes follow a finished export, so a refused one says one thing only: why.
            if output == "-" {
                guard case .file(let data) = artifact.layout else {
                    throw FolioError.badInput("--output - needs a single-file export; this one is several files")
                }
                FileHandle.standardOutput.write(data)
                artifact.notices.forEach { Terminal.status("note: " + $0) }
                return
            }
            let defaultName: String
            if case .folder = artifact.layout {
                defaultName = "\(stem)-\(format.rawValue)"
            } else {
                defaultName = "\(stem).\(fileExtension)"
            }
            let target = URL(fileURLWithPath: output ?? defaultName)
            let written = try ExportWriter(force: force).write(artifact, to: target)
            Terminal.write(written.map(\.path).joined(separator: "\n") + "\n")
            artifact.notices.forEach { Terminal.status("note: " + $0) }
        }

        /// The posts whose newest version the safety chain is confident enough in (all with
        /// `--force`); a version never checked passes. Leaving every post out is bad input.
        private func confident(_ loaded: [SavedPost], minimum: Double) throws -> [SavedPost] {
            guard !force else { return loaded }
            var kept: [SavedPost] = []
            for post in loaded {
                if let confidence = post.latest?.safetyConfidence, confidence < minimum {
                    let line = "\(post.repoSlug): safety confidence \(String(format: "%.2f", confidence)) is below "
                        + "SAFETY_MIN_CONFIDENCE \(minimum); not exported without --force"
                    if loaded.count == 1 { throw FolioError.badInput(line) }
                    Terminal.status("note: " + line)
                    continue
                }
                kept.append(post)
            }
            guard !kept.isEmpty else { throw FolioError.badInput("no post is confident enough to export (--force exports them)") }
            return kept
        }
    }
}
