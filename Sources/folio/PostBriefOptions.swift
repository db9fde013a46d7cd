import ArgumentParser
import FolioRuntime

/// What a post should be like — the flags `folio post` and `folio batch` share.
struct PostBriefOptions: ParsableArguments {
    @Option(help: "Style of the post (e.g. announcement, story, tutorial).")
    var style: String?

    @Option(help: "Tone (e.g. friendly, technical, plain).")
    var tone: String?

    @Option(help: "Opening line: question, bold-claim, statistic, story, how-to or auto.")
    var hook: String = "auto"

    @Option(help: "Who the post is for.")
    var audience: String?

    func validate() throws {
        if hook.lowercased() != "auto", HookType(name: hook) == nil {
            throw ValidationError("--hook must be question, bold-claim, statistic, story, how-to or auto")
        }
    }

    /// The brief stored with each version.
    var brief: PostBrief { PostBrief(style: style, tone: tone, audience: audience, hook: hook.lowercased()) }

    /// The hook type asked for; `nil` for `auto`.
    var hookType: HookType? { HookType(name: hook) }
}
