/// Turns a book or a set of posts into the bytes of one format. Exporters only compute:
/// ``ExportWriter`` puts the result on disk.
public protocol Exporter<Source>: Sendable {
    /// What the exporter reads: a ``PublishableBook`` or `[Post]`.
    associatedtype Source
    /// The format produced.
    var format: ExportFormat { get }
    /// The file name extension of a single-file result (`epub`, `csv`, …; empty for a folder).
    var fileExtension: String { get }
    /// The export of `source`.
    func export(_ source: Source) throws -> ExportArtifact
}
