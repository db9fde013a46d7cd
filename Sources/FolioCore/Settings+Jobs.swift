extension Settings {
    /// Background jobs: where the queue lives and how its leases and retries behave.
    public struct Jobs: Sendable {
        /// The queue, `sqlite:PATH` or `redis://[:password@]host:port/db` (`FOLIO_QUEUE`); may hold a password.
        public var queue = Secret("sqlite:.folio/jobs.sqlite")
        /// Seconds a worker's lease lasts without a heartbeat before another worker takes the job (`JOB_LEASE_SECONDS`).
        public var leaseSeconds = 30.0
        /// Leases a job gets before it fails for good (`JOB_MAX_ATTEMPTS`).
        public var maxAttempts = 3
    }

    mutating func readJobs(_ read: SettingsParser) throws {
        if let queue = read.secret("FOLIO_QUEUE") { jobs.queue = Secret(queue) }
        jobs.leaseSeconds = try read.double("JOB_LEASE_SECONDS", in: 1...86_400) ?? jobs.leaseSeconds
        jobs.maxAttempts = try read.int("JOB_MAX_ATTEMPTS", in: 1...100) ?? jobs.maxAttempts
    }
}
