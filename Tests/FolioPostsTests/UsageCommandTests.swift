@testable import FolioPosts
import Testing

/// The "Try it:" line: the first command a README gives its reader, taken verbatim with its line.
@Suite struct UsageCommandTests {
    @Test func theFirstCommandOfTheFirstShellBlockWithItsLine() {
        let readme = """
            # distro

            ```python
            import distro
            ```

            ## Installation

            ```shell
            pip install distro    # the stable release
            ```
            """
        #expect(UsageCommand.first(in: readme, file: "README.md") == UsageCommand(command: "pip install distro", file: "README.md", line: 10))
    }

    @Test func aSessionsPromptedLinesAreCommandsAndTheRestIsOutput() {
        let readme = "```console\n$ git clone https://example.invalid/tool.git\n$ cd tool\nCloning…\n$ make install\ninstalled\n```\n"
        #expect(UsageCommand.first(in: readme, file: "README.md")?.command == "make install")
    }

    @Test func anUntypedBlockCountsOnlyWhenItReadsAsACommand() {
        let prose = "```\nSome output the tool prints\n```\n\n```\nscripts/quickstart   # set up, then write a book\n```\n"
        #expect(UsageCommand.first(in: prose, file: "README.md") == UsageCommand(command: "scripts/quickstart", file: "README.md", line: 6))
        #expect(UsageCommand.first(in: "No code at all.\n", file: "README.md") == nil)
    }

    @Test func stepsBeforeTheCommandSecretsAndContinuedLinesAreLeftOut() {
        let readme = """
            ```sh
            git clone https://example.invalid/tool.git
            export OPENAI_API_KEY=sk-123
            OPENAI_API_KEY=sk-123 tool serve
            tool build --release \\
              --verbose
            tool run
            ```
            """
        #expect(UsageCommand.first(in: readme, file: "README.md")?.command == "tool run")
        #expect(UsageCommand.first(in: "```sh\ngit clone x\ncd x\n```\n", file: "README.md") == nil)
    }

    @Test func theLineNamesTheRepositorysWebAddressWhenItHasOne() throws {
        let usage = UsageCommand(command: "pip install distro", file: "README.md", line: 10)
        #expect(usage.line(link: nil) == "Try it: pip install distro")
        let ssh = try RepositoryLocation.parse("git@github.com:python-distro/distro.git")
        #expect(usage.line(link: ssh.webAddress) == "Try it: pip install distro (https://github.com/python-distro/distro)")
        #expect(try RepositoryLocation.parse("python-distro/distro").webAddress == "https://github.com/python-distro/distro")
        #expect(try RepositoryLocation.parse("file:///tmp/x.git").webAddress == nil)
        #expect(try RepositoryLocation.parse("/tmp").webAddress == nil)
    }
}
