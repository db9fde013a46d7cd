/// Timing shared by every queue implementation.
public struct JobQueueOptions: Sendable, Equatable {
    /// How long a lease lasts without a heartbeat before another worker may take the job.
    public var leaseDuration: Duration = .seconds(30)

    /// Options with a lease of `leaseDuration`.
    public init(leaseDuration: Duration = .seconds(30)) {
        self.leaseDuration = leaseDuration
    }

    var leaseSeconds: Double {
        Double(leaseDuration.components.seconds) + Double(leaseDuration.components.attoseconds) / 1e18
    }
}
