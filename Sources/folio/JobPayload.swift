import ArgumentParser
import FolioRuntime
import Foundation

/// What a job of the `folio submit` kinds stores: the flags of its command as given, parsed
/// back by the worker with the command's own option group, and what the submitter resolved.
protocol JobPayload: Codable {
    /// The command's flags, as submitted.
    var arguments: [String] { get }
}

extension JobPayload {
    /// The payload as the job stores it.
    func encoded() throws -> String {
        String(decoding: try JSONEncoder().encode(self), as: UTF8.self)
    }

    /// The payload of `job` and its flags parsed with `Options`; a job that cannot be read fails for good.
    static func decode<Options: ParsableArguments>(_ job: Job, as _: Options.Type) throws -> (payload: Self, options: Options) {
        do {
            let payload = try JSONDecoder().decode(Self.self, from: Data(job.payload.utf8))
            return (payload, try Options.parse(payload.arguments))
        } catch {
            throw JobHandlerError.permanent("unusable \(job.kind) job: \(Options.message(for: error))")
        }
    }

    /// A job's result as JSON: sorted keys, slashes as they are.
    static func result(_ value: some Encodable) throws -> String {
        String(decoding: try JobText.encoder.encode(value), as: UTF8.self)
    }
}

extension FolioRuntime {
    /// The runtime a worker runs `job` with: the job's flags (`overrides`) over the worker's own
    /// settings file and environment, sharing this runtime's chain, cache and local model, and
    /// logging the job's id with every model call.
    func running(_ job: Job, overrides: [String: String], configFile: String?) async throws -> FolioRuntime {
        try sharing(try await Settings.load(overrides: overrides, configFile: configFile), jobID: job.id)
    }
}
