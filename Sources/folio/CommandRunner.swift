import ArgumentParser
import FolioRuntime
import Foundation

/// Parses and runs a command, turning every way out into an exit code and one stderr line.
enum CommandRunner {
    static func run(arguments: [String]) async -> Int32 {
        let command: any ParsableCommand
        do {
            command = try Folio.parseAsRoot(arguments)
        } catch {
            return report(error)
        }
        guard let asyncCommand = command as? any AsyncParsableCommand else {
            do {
                var command = command
                try command.run()
                return 0
            } catch {
                return report(error)
            }
        }
        // The command runs in its own task so Ctrl-C can cancel it: partial work is saved by the
        // command itself, child processes are stopped, and the exit code is 130.
        let box = UncheckedCommand(command: asyncCommand)
        let task = Task { try await box.run() }
        let interrupts = asyncCommand is any HandlesOwnSignals ? nil : InterruptHandler { task.cancel() }
        defer { interrupts?.stop() }
        do {
            try await task.value
            return 0
        } catch let interrupted as CommandInterrupted {
            Terminal.error(interrupted.message)
            return 130
        } catch {
            if task.isCancelled || error is CancellationError {
                Terminal.error("interrupted; work so far is saved (run the same command with --resume to continue)")
                return 130
            }
            return report(error)
        }
    }

    private static func report(_ error: any Error) -> Int32 {
        switch error {
        case let error as FolioError:
            Terminal.error(error.message)
            return error.category == .badInput ? 2 : 1
        case let error as ExitCode:
            return error.rawValue
        default:
            let code = Folio.exitCode(for: error)
            if code == .success {
                Folio.exit(withError: error)  // --help, --version: prints and exits 0
            }
            let message = Folio.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            if code == .validationFailure {
                Terminal.error(message + " (see 'folio --help')")
                return 2
            }
            Terminal.error(message)
            return 1
        }
    }
}

/// Carries a parsed command into its task. Safe: the command is used by that one task only,
/// after parsing finished.
private struct UncheckedCommand: @unchecked Sendable {
    var command: any AsyncParsableCommand
    func run() async throws {
        var command = command
        try await command.run()
    }
}

/// Thrown by a command that handles Ctrl-C itself, with the line the user reads instead of
/// the general one; the exit code is 130.
struct CommandInterrupted: Error {
    /// What was interrupted and what carries on.
    var message: String
}
