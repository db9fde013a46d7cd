import ArgumentParser
import FolioRuntime

/// Every flag of `folio post`, shared with `folio submit post` (which stores them in the job,
/// and the worker parses them back with this same type), so both take the same flags.
struct PostWriteOptions: ParsableArguments {
    @OptionGroup var post: PostOptions

    @OptionGroup var briefOptions: PostBriefOptions

    @Flag(help: "Print the new version as JSON instead of the text.")
    var json = false

    @Flag(help: "Neither read nor store cached model answers.")
    var noCache = false

    @OptionGroup var providerOptions: ProviderOptions

    /// Flag values by setting name.
    var overrides: [String: String] { providerOptions.overrides }

    /// The post pipeline these flags ask for, built by `runtime`.
    func pipeline(with runtime: FolioRuntime, warn: @escaping @Sendable (String) -> Void) throws -> PostPipeline {
        try runtime.postPipeline(cached: !noCache, warn: warn)
    }
}
