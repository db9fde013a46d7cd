import FolioProviders
import Foundation
import Testing

@Suite("NDJSONDecoder")
struct NDJSONDecoderTests {
    static let stream = Array("{\"a\":\"café\"}\r\n\n{\"b\":\"🌊\"}\n  \n{\"c\":3}".utf8)
    static let lines = ["{\"a\":\"café\"}", "{\"b\":\"🌊\"}", "{\"c\":3}"]

    private func decode(_ bytes: [UInt8], at offsets: [Int]) -> [String] {
        var decoder = NDJSONDecoder()
        var lines: [String] = []
        var start = 0
        for end in offsets + [bytes.count] where end > start {
            lines += decoder.decode(bytes[start..<end])
            start = end
        }
        return lines + decoder.finish()
    }

    @Test func splitsAtEveryPointGiveTheSameLines() {
        for a in 0...Self.stream.count {
            #expect(decode(Self.stream, at: [a]) == Self.lines, "split at \(a)")
        }
    }

    @Test func splitsAtEveryPairOfPointsGiveTheSameLines() {
        for a in 1..<Self.stream.count {
            for b in (a + 1)..<Self.stream.count {
                #expect(decode(Self.stream, at: [a, b]) == Self.lines, "split at \(a), \(b)")
            }
        }
    }

    @Test func byteByByte() {
        #expect(decode(Self.stream, at: Array(1..<Self.stream.count)) == Self.lines)
    }

    @Test func finishResetsAndAnUnterminatedLastLineIsKept() {
        var decoder = NDJSONDecoder()
        #expect(decoder.decode(Array("{\"x\":1}".utf8)).isEmpty)
        #expect(decoder.finish() == ["{\"x\":1}"])
        #expect(decoder.finish().isEmpty)
        #expect(decoder.decode(Array("{\"y\":2}\n".utf8)) == ["{\"y\":2}"])
    }

    @Test func invalidUTF8BecomesReplacementCharacters() {
        var decoder = NDJSONDecoder()
        #expect(decoder.decode([0x7B, 0xFF, 0x7D, 0x0A]) == ["{\u{FFFD}}"])
    }
}
