import Foundation

/// The offline judge's calibrated logistic model: standardised features, weights, bias and the
/// decision threshold, fitted on labelled claims and shipped as `offline-judge.json`.
public struct JudgeModel: Sendable, Equatable, Codable {
    /// Feature names, in the order of `weights`, `means` and `scales`.
    public var features: [String]
    /// Mean of each feature on the fitting data.
    public var means: [Double]
    /// Standard deviation of each feature on the fitting data.
    public var scales: [Double]
    /// One weight per standardised feature.
    public var weights: [Double]
    /// The intercept.
    public var bias: Double
    /// Scores at or above this are "supported".
    public var threshold: Double
    /// Where the model came from (data, date, dev figures), for people reading the file.
    public var provenance: [String: String]

    /// Creates a model.
    public init(features: [String], means: [Double], scales: [Double], weights: [Double], bias: Double,
                threshold: Double, provenance: [String: String] = [:]) {
        self.features = features
        self.means = means
        self.scales = scales
        self.weights = weights
        self.bias = bias
        self.threshold = threshold
        self.provenance = provenance
    }

    /// The probability that the claim is supported.
    public func score(_ values: [Double]) -> Double {
        var z = bias
        for index in weights.indices where index < values.count {
            z += weights[index] * (values[index] - means[index]) / max(scales[index], 1e-9)
        }
        return 1 / (1 + exp(-z))
    }

    /// The model bundled with Folio.
    public static func bundled() throws -> JudgeModel {
        guard let url = Bundle.module.url(forResource: "offline-judge", withExtension: "json") else {
            throw SafetyError.resource("offline-judge.json", "not found in the bundle")
        }
        let model: JudgeModel
        do {
            model = try JSONDecoder().decode(JudgeModel.self, from: Data(contentsOf: url))
        } catch {
            throw SafetyError.resource("offline-judge.json", "\(error)")
        }
        // A judge fitted before later features were added scores with the ones it names (the
        // features are computed in that order); one naming others, or in another order, is unusable.
        guard !model.features.isEmpty, ClaimFeatures.names.starts(with: model.features), model.weights.count == model.features.count,
              model.means.count == model.features.count, model.scales.count == model.features.count else {
            throw SafetyError.resource("offline-judge.json", "its features do not match this build's")
        }
        return model
    }
}
