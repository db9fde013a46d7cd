import ArgumentParser
import FolioRuntime

/// The `--queue` option of the job commands.
struct QueueOptions: ParsableArguments {
    @Option(help: "The job queue: sqlite:PATH or redis://host:port/db (default: FOLIO_QUEUE or sqlite:.folio/jobs.sqlite).")
    var queue: String?

    func validate() throws {
        if let queue {
            do {
                _ = try JobQueueLocation(queue)
            } catch let error as FolioError {
                throw ValidationError(error.message)
            }
        }
    }

    /// Flag values by setting name.
    var overrides: [String: String] {
        var values: [String: String] = [:]
        values["FOLIO_QUEUE"] = queue
        return values
    }
}
