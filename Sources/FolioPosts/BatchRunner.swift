import FolioCore
import FolioPublishing
import Foundation

/// Runs a post for each entry of a ``BatchList``, `jobs` at a time; a failing entry is
/// recorded with its reason and the others carry on.
public struct BatchRunner: Sendable {
    /// How one entry ended.
    public struct Outcome: Sendable, Equatable {
        /// What happened.
        public enum Status: String, Sendable {
            /// A new version was written.
            case ok
            /// `--resume`: the repository's commit already has a post (with `reuse`: one from
            /// the same brief).
            case skipped
            /// The entry failed; see ``reason``.
            case failed
        }

        /// The entry.
        public var entry: BatchList.Entry
        /// What happened.
        public var status: Status
        /// Why it failed, or why it was skipped.
        public var reason: String?
        /// The post's folder name, when there is a post.
        public var slug: String?
        /// The version written (or the newest, when skipped).
        public var version: Int?
        /// Quality of that version.
        public var quality: Double?
        /// Its safety confidence.
        public var confidence: Double?
        /// Wall time of the entry.
        public var seconds: Double
    }

    /// The pipeline every entry goes through.
    public let pipeline: PostPipeline
    /// Entries run at once.
    public let jobs: Int
    /// Skip entries whose commit already has a post.
    public let resume: Bool
    /// What every post is asked for.
    public let brief: PostBrief
    /// Hook type (`nil`: auto).
    public let hook: HookType?
    /// Keep, rather than write again, a version of the same commit from the same brief (a job run again).
    public let reuse: Bool

    /// Creates a runner.
    public init(pipeline: PostPipeline, jobs: Int, resume: Bool, brief: PostBrief, hook: HookType?, reuse: Bool = false) {
        self.pipeline = pipeline
        self.reuse = reuse
        self.jobs = max(1, jobs)
        self.resume = resume
        self.brief = brief
        self.hook = hook
    }

    /// Runs every entry; `progress` gets each outcome as it ends, with how many have ended.
    public func run(_ list: BatchList, progress: @escaping @Sendable (Outcome, Int) -> Void) async throws -> [Outcome] {
        var outcomes: [Outcome] = []
        try await withThrowingTaskGroup(of: Outcome.self) { group in
            var next = 0
            func startNext() {
                guard next < list.entries.count else { return }
                let entry = list.entries[next]
                next += 1
                group.addTask { await self.run(entry) }
            }
            for _ in 0..<min(jobs, list.entries.count) { startNext() }
            while let outcome = try await group.next() {
                outcomes.append(outcome)
                progress(outcome, outcomes.count)
                try Task.checkCancellation()
                startNext()
            }
        }
        let order = Dictionary(uniqueKeysWithValues: list.entries.enumerated().map { ($1.line, $0) })
        return outcomes.sorted { order[$0.entry.line, default: 0] < order[$1.entry.line, default: 0] }
    }

    private func run(_ entry: BatchList.Entry) async -> Outcome {
        let started = ContinuousClock.now
        var outcome = Outcome(entry: entry, status: .failed, seconds: 0)
        do {
            let snapshot = try await Task.detached { try pipeline.read(entry.text) }.value
            outcome.slug = Slug.make(snapshot.name)
            if resume, let post = try pipeline.existing(snapshot),
               let done = post.versions.last(where: { $0.commit == snapshot.commit }) {
                outcome.record(done, status: .skipped,
                               reason: "commit \(snapshot.commit.prefix(12)) already has version \(done.version)")
            } else if reuse {
                let written = try await pipeline.writeOnce(snapshot, brief: brief, hook: hook)
                outcome.record(written.version, status: written.reused ? .skipped : .ok, reason: written.reused
                    ? "commit \(snapshot.commit.prefix(12)) already has version \(written.version.version) from this brief" : nil)
            } else {
                outcome.record(try await pipeline.write(snapshot, brief: brief, hook: hook).version, status: .ok)
            }
        } catch let error as FolioError {
            outcome.reason = error.message
        } catch is CancellationError {
            outcome.reason = "interrupted"
        } catch {
            outcome.reason = "\(error)"
        }
        outcome.seconds = (started.duration(to: .now).seconds * 10).rounded() / 10
        return outcome
    }
}

extension BatchRunner.Outcome {
    /// Ends the outcome with `version`, written or kept.
    mutating func record(_ version: PostVersion, status: Status, reason: String? = nil) {
        self.status = status
        self.reason = reason
        self.version = version.version
        quality = version.quality
        confidence = version.safetyConfidence
    }
}
