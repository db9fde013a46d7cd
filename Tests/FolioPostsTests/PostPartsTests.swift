@testable import FolioPosts
import Testing

/// The small parts of posts: word diff, batch lists, hashtags, manifests.
@Suite struct PostPartsTests {
    @Test func wordDiffMarksRemovedAndAddedWords() {
        #expect(WordDiff.render("Folio writes long books", "Folio writes short posts")
            == "Folio writes [-long books-] {+short posts+}")
        #expect(WordDiff.render("same text", "same text") == "same text")
        // Paragraphs start at the line's start, with no space before their first word.
        #expect(WordDiff.render("Hook.\n\nOne.\n\nTwo.", "Hook.\n\nTwo.") == "Hook.\n\n[-One.\n\n-]Two.")
    }

    @Test func batchListSkipsCommentsBlanksAndDuplicates() {
        let list = BatchList.parse("# repos\n\n./a\napple/swift-nio   # the NIO\n./a\nhttps://x.test/r.git\nhttps://x.test/r\n")
        #expect(list.entries.map(\.line) == [3, 4, 6])
        #expect(list.entries.map(\.text) == ["./a", "apple/swift-nio", "https://x.test/r.git"])
        #expect(list.notes == ["line 5: duplicate of line 3, skipped", "line 7: duplicate of line 6, skipped"])
    }

    @Test func hashtagsAreCamelCaseFromTopics() {
        #expect(Topics.hashtags(["swift package manager", "llama.cpp", "EPUB", "Swift"]) == ["#SwiftPackageManager", "#LlamaCpp", "#EPUB", "#Swift"])
    }

    @Test func recurringTermsLeaveOutSentenceStartsTablesAndPaths() {
        let readme = """
            # kit

            kit reads JSON and YAML through Providers for Swift apps: nested JSON, YAML anchors.
            - **JSON** (default): Adds support for JSON Providers.
            - **YAML** (opt-in): Adds support for YAML Providers.
            - **Plist** (opt-in): Adds support for property lists, see [Sources/Kit](Sources/Kit) and Sources/Plist.swift.
            | Format | Read | Write |
            | JSON   | Read | Write |
            | YAML   | Read | Write |
            More in Sources/Kit, Sources/Plist and the Sources/Docs folder, and on its APIs: the Plist APIs, the JSON APIs.
            """
        let terms = Topics.recurringTerms(readme)
        #expect(terms.contains("JSON") && terms.contains("YAML") && terms.contains("Providers"), "\(terms)")
        #expect(!terms.contains("Adds") && !terms.contains("Read") && !terms.contains("Sources"), "\(terms)")
        // Three times "APIs" and no "API": the plural stands; beside its singular it would count with it.
        #expect(terms.contains("APIs"), "\(terms)")
        #expect(Topics.recurringTerms("x the API, the API and the APIs and the APIs.") == ["API"])
    }

    @Test func lowerCaseKeywordsTakeTheREADMEsSpellingWithCapitals() {
        let manifest = RepositoryManifest.parse(
            file: "Cargo.toml", text: "[package]\nname = \"chartkit\"\nkeywords = [\"csv\", \"cli\", \"charts\", \"github-actions\"]\n")
        let readme = "# chartkit\n\nReads a CSV file and draws charts. The CLI runs in GitHub Actions too.\nCsv is how some write it."
        #expect(Topics.hashtags(Topics.of(name: "chartkit", manifest: manifest, readme: readme))
            == ["#CSV", "#CLI", "#Charts", "#GitHubActions", "#Rust"])
    }

    @Test func manifestsGiveNameDescriptionLanguageAndLicence() {
        let cargo = RepositoryManifest.parse(file: "Cargo.toml", text: "[package]\nname = \"ripgrep\"\ndescription = \"Fast search\"\nlicense = \"MIT\"\nkeywords = [\"grep\", \"search\"]\n[dependencies]\nname = \"no\"\n")
        #expect(cargo.name == "ripgrep" && cargo.description == "Fast search" && cargo.licence == "MIT" && cargo.language == "Rust")
        #expect(cargo.keywords == ["grep", "search"])
        let npm = RepositoryManifest.parse(file: "package.json", text: #"{"name": "left-pad", "description": "Pads", "license": "WTFPL"}"#)
        #expect(npm.name == "left-pad" && npm.licence == "WTFPL" && npm.language == "JavaScript")
        #expect(RepositoryManifest.parse(file: "go.mod", text: "module github.com/spf13/cobra\n\ngo 1.21\n").name == "cobra")
        #expect(RepositoryManifest.parse(file: "pyproject.toml", text: "[project]\nname = \"httpx\"\ndescription = \"HTTP\"\n").name == "httpx")
    }

    /// GitHub topics live in no file of a repository; the manifest's keywords stand in for them.
    @Test func manifestKeywordsAreTheTopicsOfEveryManifestKind() {
        let pyproject = RepositoryManifest.parse(file: "pyproject.toml",
                                                 text: "[project]\nname = \"distro\"\nkeywords = [\n  \"linux\",\n  \"platform\",\n]\n")
        #expect(pyproject.keywords == ["linux", "platform"])
        let cargo = RepositoryManifest.parse(file: "Cargo.toml",
                                             text: "[package]\nname = \"rg\"\nkeywords = [\"grep\"]\ncategories = [\"command-line-utilities\"]\n")
        #expect(cargo.keywords == ["grep", "command-line-utilities"])
        let npm = RepositoryManifest.parse(file: "package.json", text: #"{"name": "chartkit", "keywords": ["charts", "svg"]}"#)
        #expect(Topics.hashtags(Topics.of(name: "chartkit", manifest: npm, readme: nil))
            == ["#Charts", "#Svg", "#JavaScript", "#Chartkit"])
        #expect(Topics.hashtags(Topics.of(name: "rg", manifest: cargo, readme: nil)).first == "#Grep")
    }
}
