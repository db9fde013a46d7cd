import Foundation

/// A cover image: its bytes and media type, checked by content, not by name.
public struct CoverImage: Sendable, Equatable {
    /// The image's bytes.
    public var data: Data
    /// `image/jpeg`, `image/png`, `image/gif` or `image/webp`.
    public var mediaType: String

    /// The file name extension for the media type.
    public var fileExtension: String {
        switch mediaType {
        case "image/png": "png"
        case "image/gif": "gif"
        case "image/webp": "webp"
        default: "jpg"
        }
    }

    /// Reads the image at `path`; fails unless it is a JPEG, PNG, GIF or WebP file.
    public static func load(path: String) throws -> CoverImage {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PublishingError.badCover(path, "cannot be read")
        }
        guard let mediaType = mediaType(of: data) else {
            throw PublishingError.badCover(path, "not a JPEG, PNG, GIF or WebP image")
        }
        return CoverImage(data: data, mediaType: mediaType)
    }

    /// Creates a cover from bytes already checked.
    public init(data: Data, mediaType: String) {
        self.data = data
        self.mediaType = mediaType
    }

    /// The media type the bytes' signature names, or `nil`.
    static func mediaType(of data: Data) -> String? {
        let bytes = [UInt8](data.prefix(12))
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if bytes.starts(with: Array("GIF87a".utf8)) || bytes.starts(with: Array("GIF89a".utf8)) { return "image/gif" }
        if bytes.count == 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            return "image/webp"
        }
        return nil
    }
}
