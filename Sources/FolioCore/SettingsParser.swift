import Foundation
/// Reads typed values from the layers with one-line errors naming the setting.
struct SettingsParser {
    let layers: SettingsLayers

    func string(_ name: String) -> String? {
        layers.string(name)?.trimmingCharacters(in: .whitespaces)
    }

    func secret(_ name: String) -> String? {
        layers.string(name, isSecret: true)?.trimmingCharacters(in: .whitespaces)
    }

    func int(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw FolioError.badInput(
                "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound); got '\(text)'")
        }
        return value
    }

    func double(_ name: String, in range: ClosedRange<Double>) throws -> Double? {
        guard let text = string(name) else { return nil }
        guard let value = Double(text), range.contains(value) else {
            throw FolioError.badInput(
                "\(name) must be a number from \(range.lowerBound) to \(range.upperBound); got '\(text)'")
        }
        return value
    }

    /// `on`/`off` (also `true`/`false`, `yes`/`no`, `1`/`0`).
    func `switch`(_ name: String) throws -> Bool? {
        guard let text = string(name)?.lowercased() else { return nil }
        switch text {
        case "on", "true", "yes", "1": return true
        case "off", "false", "no", "0": return false
        default: throw FolioError.badInput("\(name) must be on or off; got '\(text)'")
        }
    }
}
