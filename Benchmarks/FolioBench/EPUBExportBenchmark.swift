#if canImport(Glibc)
import Glibc
#endif
import FolioBooks
import FolioCore
import FolioPublishing
import FolioTesting
import Foundation

/// EPUB export of a 100-chapter, 300,000-word book: time and peak memory against pandoc
/// producing an EPUB of the same book from the same Markdown chapter files, and the file's
/// size against pandoc's and against `zip -9` of exactly the same members.
func runEPUBExportBenchmark(chapters: Int = 100, wordsPerChapter: Int = 3000) throws -> [BenchmarkFigure] {
    let scratch = try TemporaryDirectory("folio-bench-epub")
    defer { scratch.remove() }
    let folder = try writeBenchmarkBook(in: scratch, chapters: chapters, wordsPerChapter: wordsPerChapter)

    var times: [Double] = []
    var cpuTimes: [Double] = []
    var peaks: [Double] = []
    var epub = Data()
    let output = URL(fileURLWithPath: scratch.appending("folio.epub"))
    for _ in 0..<3 {
        resetPeakMemory()
        let cpuStarted = processCPUSeconds()
        let started = ContinuousClock.now
        let book = try PublishableBook.load(folder: folder).book
        epub = try EPUBExporter().data(book)
        try ExportWriter(force: true).write(ExportArtifact(.file(epub)), to: output)
        times.append((ContinuousClock.now - started).seconds)
        cpuTimes.append(processCPUSeconds() - cpuStarted)
        peaks.append(peakMemoryMegabytes())
    }

    guard let pandoc = PublishingValidators.executable("pandoc") else {
        FileHandle.standardError.write(Data("epub: pandoc not installed (scripts/setup installs it); baselines read 0\n".utf8))
        return [BenchmarkFigure(name: "EPUB export, \(chapters) chapters, \(chapters * wordsPerChapter / 1000)k words", value: BenchmarkFigure.median(times), unit: "s", baseline: 0)]
    }
    let chapterFiles = try FileManager.default.contentsOfDirectory(atPath: folder + "/chapters").sorted()
        .map { folder + "/chapters/" + $0 }
    let pandocOutput = scratch.appending("pandoc.epub")
    var pandocTimes: [Double] = []
    var pandocCPUTimes: [Double] = []
    var pandocPeaks: [Double] = []
    for _ in 0..<3 {
        let run = try measureProcess(pandoc, ["--from", "markdown", "--to", "epub3", "--metadata", "title=Benchmark Book",
                                              "--metadata", "lang=en", "-o", pandocOutput] + chapterFiles)
        pandocTimes.append(run.seconds)
        pandocCPUTimes.append(run.cpuSeconds)
        pandocPeaks.append(run.peakMegabytes)
    }
    let pandocSize = try Double(Data(contentsOf: URL(fileURLWithPath: pandocOutput)).count) / 1_000_000

    // The same members, mimetype first and stored, the rest at zip's strongest level.
    let members = scratch.appending("members")
    let zipped = scratch.appending("zip9.epub")
    _ = try measureProcess("/usr/bin/unzip", ["-q", output.path, "-d", members])
    _ = try measureProcess("/bin/sh", ["-c", "cd '\(members)' && zip -q -X -0 '\(zipped)' mimetype && zip -q -X -9 -r '\(zipped)' META-INF OEBPS"])
    let zipSize = try Double(Data(contentsOf: URL(fileURLWithPath: zipped)).count) / 1_000_000
    let size = Double(epub.count) / 1_000_000

    let label = "EPUB export, \(chapters) chapters, \(chapters * wordsPerChapter / 1000)k words"
    return [
        BenchmarkFigure(name: "\(label), time vs pandoc", value: BenchmarkFigure.median(times), unit: "s",
                        baseline: BenchmarkFigure.median(pandocTimes)),
        // CPU time says more than wall time on a machine other work shares.
        BenchmarkFigure(name: "\(label), CPU time vs pandoc", value: BenchmarkFigure.median(cpuTimes), unit: "s",
                        baseline: BenchmarkFigure.median(pandocCPUTimes)),
        BenchmarkFigure(name: "\(label), peak memory vs pandoc", value: BenchmarkFigure.median(peaks), unit: "MB",
                        baseline: BenchmarkFigure.median(pandocPeaks)),
        BenchmarkFigure(name: "\(label), size vs zip -9 of the same files", value: size, unit: "MB", baseline: zipSize),
        BenchmarkFigure(name: "\(label), size vs pandoc", value: size, unit: "MB", baseline: pandocSize),
    ]
}

/// A finished book of plain prose with a heading and some emphasis per chapter, written as
/// Folio writes books.
private func writeBenchmarkBook(in directory: TemporaryDirectory, chapters: Int, wordsPerChapter: Int) throws -> String {
    let store = BookStore(directory: directory.appending("books"))
    let outline = (1...chapters).map { OutlineEntry(number: $0, title: "Night \($0) at the Light", summary: "Night \($0).") }
    var book = Book(title: "Benchmark Book", slug: "benchmark-book", instructions: "x", language: "English",
                    wordsPerChapter: wordsPerChapter, summary: "A long book.", outline: outline, createdAt: "2026-12-01T10:00:00Z")
    // Varied prose (a fixed pseudo-random walk over a few hundred words), so sizes compare as
    // they would for a real book rather than for one repeated sentence.
    let vocabulary = ("the keeper climbed slowly past grey water and salt wind toward a lamp that had burned for "
        + "ninety years without rest while gulls wheeled over broken rocks below her boots she counted steps "
        + "remembered letters from the mainland each one folded twice sealed with wax smelling of tar and "
        + "oranges the harbour master wrote about storms ships lost engines failing children born bells rung "
        + "at midnight when fog rolled thick across the bay no boat could find the channel unless the light "
        + "turned steady bright clean every forty seconds exactly as her father taught winter after winter "
        + "copper brass glass mirrors oil wicks ledgers tide tables barometer needle falling rising hope fear "
        + "silence thunder lantern stairway window door key rope anchor island village chapel market bread "
        + "fish nets sails masts decks cargo wool coal timber letters stamps ink pens candles matches kettle "
        + "tea biscuits blanket chair table clock calendar photograph brother sister mother stranger sailor").split(separator: " ")
    var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
    func nextWord() -> String {
        seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let word = String(vocabulary[Int(seed >> 33) % vocabulary.count])
        switch (seed >> 20) % 40 {
        case 0: return "*\(word)*"
        case 1: return "**\(word)**"
        default: return word
        }
    }
    for index in book.chapters.indices {
        var text = "# Chapter \(index + 1): \(book.chapters[index].title)\n\n"
        var written = 0
        var paragraph: [String] = []
        while written < wordsPerChapter {
            let word = nextWord()
            paragraph.append(paragraph.isEmpty ? word.prefix(1).uppercased() + word.dropFirst() : word)
            written += 1
            if written % 15 == 0 { paragraph[paragraph.count - 1] += "." }
            if written % 120 == 0 {
                text += paragraph.joined(separator: " ") + "\n\n"
                paragraph = []
            }
            if written == wordsPerChapter / 2 { text += "## Midnight\n\n" }
        }
        text += paragraph.joined(separator: " ") + ".\n"
        try store.writeChapter(text, file: book.chapters[index].file, slug: book.slug)
        book.chapters[index].status = .complete
    }
    try store.save(book)
    return store.folder(for: book.slug).path
}

/// Resets this process's peak resident set size (Linux: writing 5 to clear_refs).
private func resetPeakMemory() {
    try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
}

/// This process's peak resident set size since the last reset, in MB (`VmHWM`).
private func peakMemoryMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") else { return .nan }
    return kilobytes / 1000
}

/// CPU seconds this process has used, on every thread.
private func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Runs a program to the end; its wall time, CPU time and peak resident set size (from `wait4`).
private func measureProcess(_ executable: String, _ arguments: [String]) throws
    -> (seconds: Double, cpuSeconds: Double, peakMegabytes: Double) {
    var pid: pid_t = 0
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    defer { posix_spawn_file_actions_destroy(&actions) }
    let started = ContinuousClock.now
    guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else {
        throw CocoaError(.executableNotLoadable)
    }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0, errno == EINTR {}
    let seconds = (ContinuousClock.now - started).seconds
    guard status == 0 else { throw CocoaError(.executableLoad, userInfo: ["status": status, "program": executable]) }
    let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    return (seconds, cpu, Double(usage.ru_maxrss) / 1000)
}
