import Foundation

/// What an exporter produced, before it is written.
public struct ExportArtifact: Sendable, Equatable {
    /// How the content is laid out on disk.
    public enum Layout: Sendable, Equatable {
        /// One file, written at the output path.
        case file(Data)
        /// A folder at the output path holding these files (paths relative to it).
        case folder([ExportedFile])
        /// One or more files of the same kind: a single one at the output path, several as
        /// `NAME-1.EXT`, `NAME-2.EXT`, … beside it.
        case parts([Data])
    }

    /// The content.
    public var layout: Layout
    /// Things the user should know (a post shortened, a chapter left out), one line each.
    public var notices: [String]

    /// An artifact with its notices.
    public init(_ layout: Layout, notices: [String] = []) {
        self.layout = layout
        self.notices = notices
    }
}

/// One file of a folder export.
public struct ExportedFile: Sendable, Equatable {
    /// Path relative to the export folder.
    public var path: String
    /// The file's bytes.
    public var data: Data

    /// Creates a file.
    public init(path: String, data: Data) {
        self.path = path
        self.data = data
    }
}
