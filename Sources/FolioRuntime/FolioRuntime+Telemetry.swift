import FolioCore
import FolioTelemetry

extension FolioRuntime {
    /// The generation log under `LOGS_DIR`.
    public func generationLog() -> GenerationLog {
        GenerationLog(GenerationLog.Configuration(settings))
    }

    /// The drift thresholds (`DRIFT_*`).
    public var driftThresholds: DriftReport.Thresholds {
        var thresholds = DriftReport.Thresholds()
        thresholds.qualityDropPercent = settings.logs.driftQualityDropPercent
        thresholds.safetyDropPercent = settings.logs.driftSafetyDropPercent
        thresholds.unsupportedRisePoints = settings.logs.driftUnsupportedRisePoints
        thresholds.latencyRisePercent = settings.logs.driftLatencyRisePercent
        thresholds.errorRisePoints = settings.logs.driftErrorRisePoints
        return thresholds
    }

    /// `base` with every call logged (with the command and, in a worker, the job), unless `LOG_GENERATIONS` is off.
    func recorded(_ base: any ChatStreamer, cached: Bool) -> any ChatStreamer {
        guard settings.logs.generations else { return base }
        return RecordingStreamer(base: base, log: generationLog(),
                                 caller: RecordingStreamer.Caller(command: command, jobID: jobID), cached: cached)
    }
}

extension GenerationLog.Configuration {
    /// `LOGS_DIR`, `LOG_MAX_BYTES`, `LOG_KEEP`, `LOG_CONTENT`.
    init(_ settings: Settings) {
        self.init()
        directory = settings.logsDirectory
        maxBytes = settings.logs.maxBytes
        keep = settings.logs.keep
        logsContent = settings.logs.content
    }
}
