import Foundation
import FolioCore
import FolioRetrieval
import FolioSafety
import FolioTesting

/// `FolioBench fit-safety-judge`: computes features on the fitting data (`shared/data/claims/`,
/// never `claims-test/`), fits the offline judge's logistic model, fixes its threshold on WiCE
/// dev, and writes `Sources/FolioSafety/Resources/offline-judge.json`.
func fitSafetyJudge() async throws {
    let embedder = CachingEmbedder(try MiniLMEmbedder(directory: miniLMDirectory(), precision: benchPrecision))
    var wice = try await ClaimScoring.cached("claims/wice_dev") {
        try await ClaimScoring.wice(try ClaimData.wice("claims/wice_dev.jsonl"), embedder: embedder, name: "wice")
    }
    embedder.save()
    log("wice dev: \(wice.count) rows")
    // The shipped model as it is, on these features (the check that another encoder precision
    // leaves the judge's dev figure where it was).
    let shipped = try shippedJudge()
    log(String(format: "shipped judge on these WiCE dev features: balanced accuracy %.3f at its threshold %.3f",
               ClaimScoring.balancedAccuracy(wice.map { ClaimScoring.score($0, shipped) }, wice.map(\.label),
                                             threshold: shipped.model.threshold), shipped.model.threshold))
    // The TRUE subsets, single-sentence texts only (their label is then the sentence's label),
    // at most 800 rows each (`SAFETY_TRUE_ROWS`) so no one set dominates.
    let perSet = Int(ProcessInfo.processInfo.environment["SAFETY_TRUE_ROWS"] ?? "") ?? 800
    var others: [ScoredRow] = []
    for name in ["summeval", "paws", "dialfact", "q2", "begin"] {
        var generator = SeededGenerator(seed: 7)
        let all = try ClaimData.grounded("claims/\(name).csv")
            .filter { ClaimScoring.summarySentences($0.generated).count == 1 && $0.grounding.count < 20_000 }
        let sample = all.count > perSet ? Array(all.shuffled(using: &generator).prefix(perSet)) : all
        let scored = try await ClaimScoring.cached("claims/\(name)-sample-\(perSet)") {
            try await ClaimScoring.grounded(sample, embedder: embedder, name: name)
        }
        embedder.save()
        log("\(name): \(scored.count) rows")
        others += scored
    }
    // `SAFETY_WITHOUT=a,b` fits with those features held constant (to see what each adds).
    // `SAFETY_FEATURES=N` fits, and writes, a model of the first N features only (the judge
    // reads a model naming a leading part of the features): to leave out later features that
    // did not help on dev.
    var without = Set((ProcessInfo.processInfo.environment["SAFETY_WITHOUT"] ?? "").split(separator: ",").map(String.init))
    var names = ClaimFeatures.names
    if let kept = ProcessInfo.processInfo.environment["SAFETY_FEATURES"].flatMap(Int.init), kept > 0, kept < names.count {
        names = Array(names.prefix(kept))
        func leading(_ rows: [ScoredRow]) -> [ScoredRow] {
            rows.map { row in
                var row = row
                row.claims = row.claims.map { Array($0.prefix(kept)) }
                return row
            }
        }
        wice = leading(wice)
        others = leading(others)
        without.subtract(ClaimFeatures.names.dropFirst(kept))
        log("fitting the first \(kept) features, without \(ClaimFeatures.names.dropFirst(kept).joined(separator: ", "))")
    }
    if !without.isEmpty {
        let columns = ClaimFeatures.names.indices.filter { without.contains(ClaimFeatures.names[$0]) }
        func held(_ rows: [ScoredRow]) -> [ScoredRow] {
            rows.map { row in
                var row = row
                row.claims = row.claims.map { values in
                    var values = values
                    for column in columns where column < values.count { values[column] = 0 }
                    return values
                }
                return row
            }
        }
        wice = held(wice)
        others = held(others)
        log("fitting without \(without.sorted().joined(separator: ", "))")
    }
    let recall = wice.compactMap(\.recalled)
    let lexicalRecall = wice.compactMap(\.lexicalRecalled)
    log(String(format: "evidence recall@5, WiCE dev: %.3f (BM25 alone %.3f, %d gold rows)",
               Double(recall.filter { $0 }.count) / Double(max(1, recall.count)),
               Double(lexicalRecall.filter { $0 }.count) / Double(max(1, lexicalRecall.count)), recall.count))
    // Which data to fit on is itself chosen by 5-fold cross-validation on WiCE dev.
    let withOthers = JudgeValidation.crossValidate(wice, others: others, names: names)
    let wiceOnly = JudgeValidation.crossValidate(wice, others: [], names: names)
    log(String(format: "5-fold CV balanced accuracy on WiCE dev: %.3f fitted on WiCE + TRUE, %.3f on WiCE alone",
               withOthers, wiceOnly))
    let useOthers = withOthers >= wiceOnly
    var model = JudgeValidation.fit(wice, others: useOthers ? others : [], names: names)
    let devScores = JudgeValidation.scores(wice, model)
    let accuracy = ClaimScoring.balancedAccuracy(devScores, wice.map(\.label), threshold: model.threshold)
    model.provenance = [
        "fitted_by": "swift run FolioBench fit-safety-judge",
        "data": useOthers
            ? "shared/data/claims: wice_dev.jsonl (weight 1/2) and single-sentence rows of summeval, paws, dialfact, q2, begin (at most \(perSet) each, weight 1/2 together)"
            : "shared/data/claims: wice_dev.jsonl",
        "rows_per_file": ClaimData.rowLimit == Int.max ? "all" : "seeded sample of \(ClaimData.rowLimit)",
        "threshold": "maximises balanced accuracy on WiCE dev",
        "wice_dev_balanced_accuracy": String(format: "%.3f", accuracy),
        "wice_dev_cv_balanced_accuracy": String(format: "%.3f", max(withOthers, wiceOnly)),
        "rows": "\(wice.count + (useOthers ? others.count : 0))",
    ]
    guard without.isEmpty else {
        log(String(format: "not written (features held): WiCE dev balanced accuracy %.3f in-sample at threshold %.3f",
                   accuracy, model.threshold))
        return
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let destination = FolioBinary.packageRoot.appendingPathComponent("Sources/FolioSafety/Resources/offline-judge.json")
    try encoder.encode(model).write(to: destination, options: .atomic)
    log(String(format: "wrote %@ (WiCE dev balanced accuracy %.3f in-sample at threshold %.3f)", destination.path, accuracy,
               model.threshold))
}

/// Fitting the judge on some rows and measuring it on others.
enum JudgeValidation {
    /// The model fitted on `wice` (weight 1/2) and `others` (1/2 together, each set alike), its
    /// threshold the one that maximises balanced accuracy on `wice`.
    static func fit(_ wice: [ScoredRow], others: [ScoredRow], names: [String] = ClaimFeatures.names) -> JudgeModel {
        let rows = wice + others
        var perSet: [String: Double] = [:]
        for row in others { perSet[row.dataset, default: 0] += 1 }
        let share = Double(wice.count) / Double(max(1, perSet.count))
        let weights = rows.map { $0.dataset == "wice" ? 1.0 : share / perSet[$0.dataset]! }
        var model = LogisticFit.fit(rows.map { $0.claims[0] }, rows.map { $0.label ? 1.0 : 0.0 }, weights: weights,
                                    names: names)
        // Conflicts hold a score below half the threshold, so fix the threshold twice.
        for _ in 0..<2 {
            model.threshold = ClaimScoring.bestThreshold(scores(wice, model), wice.map(\.label))
        }
        return model
    }

    static func scores(_ rows: [ScoredRow], _ model: JudgeModel) -> [Double] {
        let judge = try! OfflineJudge(model: model)
        return rows.map { ClaimScoring.score($0, judge) }
    }

    /// Mean balanced accuracy over 5 seeded folds of `wice`, each measured with a model fitted
    /// (weights and threshold) on the other four and `others`.
    static func crossValidate(_ wice: [ScoredRow], others: [ScoredRow], names: [String] = ClaimFeatures.names,
                              folds: Int = 5) -> Double {
        var generator = SeededGenerator(seed: 11)
        let order = Array(wice.indices).shuffled(using: &generator)
        var total = 0.0
        for fold in 0..<folds {
            let held = Set(order.enumerated().filter { $0.offset % folds == fold }.map(\.element))
            let train = wice.indices.filter { !held.contains($0) }.map { wice[$0] }
            let test = held.sorted().map { wice[$0] }
            let model = fit(train, others: others, names: names)
            total += ClaimScoring.balancedAccuracy(scores(test, model), test.map(\.label), threshold: model.threshold)
        }
        return total / Double(folds)
    }
}

func miniLMDirectory() -> String {
    FolioBinary.packageRoot.appendingPathComponent("models/all-MiniLM-L6-v2").path
}

/// The native encoder's precision for the safety benchmarks: `EMBEDDING_PRECISION` (`auto`, the
/// default, or `f32`), so that a run can measure either.
let benchPrecision = EmbeddingPrecision(rawValue: ProcessInfo.processInfo.environment["EMBEDDING_PRECISION"] ?? "") ?? .auto

/// Whether the safety benchmarks' encoder runs in bfloat16: its vectors and the features built
/// on them are then cached apart from the f32 ones.
let benchUsesBFloat16 = (try? MiniLMEmbedder(directory: miniLMDirectory(), precision: benchPrecision))?.encoder.usesBFloat16 ?? false

func log(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Weighted, L2-regularised logistic regression by gradient descent on standardised features.
enum LogisticFit {
    static func fit(_ x: [[Double]], _ y: [Double], weights: [Double], names: [String],
                    iterations: Int = 3000, rate: Double = 0.5, l2: Double = 1e-3) -> JudgeModel {
        let d = names.count
        let total = weights.reduce(0, +)
        var means = [Double](repeating: 0, count: d)
        var scales = [Double](repeating: 0, count: d)
        for (row, w) in zip(x, weights) { for j in 0..<d { means[j] += w * row[j] / total } }
        for (row, w) in zip(x, weights) { for j in 0..<d { scales[j] += w * pow(row[j] - means[j], 2) / total } }
        scales = scales.map { max($0.squareRoot(), 1e-6) }
        let z = x.map { row in (0..<d).map { (row[$0] - means[$0]) / scales[$0] } }
        var beta = [Double](repeating: 0, count: d)
        var bias = 0.0
        for _ in 0..<iterations {
            var gradient = [Double](repeating: 0, count: d)
            var gradientBias = 0.0
            for (i, row) in z.enumerated() {
                var s = bias
                for j in 0..<d { s += beta[j] * row[j] }
                let error = (1 / (1 + exp(-s)) - y[i]) * weights[i] / total
                for j in 0..<d { gradient[j] += error * row[j] }
                gradientBias += error
            }
            for j in 0..<d { beta[j] -= rate * (gradient[j] + l2 * beta[j]) }
            bias -= rate * gradientBias
        }
        return JudgeModel(features: names, means: means, scales: scales, weights: beta, bias: bias, threshold: 0.5)
    }
}

/// `FolioBench safety-recall`: evidence recall@5 on WiCE dev (dev data only) for every setting
/// of a grid, to choose the evidence search's defaults. `SAFETY_GRID` names the values tried,
/// e.g. `window=2,3;stems=0,1;facts=0,1;overlap=0,0.5;coverage=0.5;fusion=20;candidates=30;pool=20`
/// (a name left out keeps the shipped default). Besides each setting's recall it prints a 5-fold
/// cross-validated figure for choosing the best setting this way: the setting best on four
/// folds, measured on the fifth.
func compareEvidenceSearch() async throws {
    let embedder = CachingEmbedder(try MiniLMEmbedder(directory: miniLMDirectory(), precision: benchPrecision))
    // `SAFETY_RECALL_ROWS=N` takes the first N rows only (a quick comparison).
    let first = Int(ProcessInfo.processInfo.environment["SAFETY_RECALL_ROWS"] ?? "") ?? Int.max
    let rows = Array(try ClaimData.wice("claims/wice_dev.jsonl").filter { !$0.supportingSets.isEmpty }.prefix(first))
    let grid = EvidenceGrid(ProcessInfo.processInfo.environment["SAFETY_GRID"] ?? "")
    let settings = grid.settings
    log("safety-recall: \(settings.count) settings, \(rows.count) rows with gold evidence")
    // `SAFETY_POOLED=1` searches every row's claim among all rows' evidence at once (one
    // source folder of many pages, as a real check has), not among its own row's only; evidence
    // from another row counts as a miss.
    let pooled = ProcessInfo.processInfo.environment["SAFETY_POOLED"] == "1"
    func passages(_ row: Int, window: Int) -> [SourcePassage] {
        ClaimData.passages(rows[row], window: window).map { passage in
            SourcePassage(file: "row-\(row)", firstLine: passage.firstLine, lastLine: passage.lastLine, text: passage.text,
                          firstSentence: passage.firstSentence, sentenceCount: passage.sentenceCount)
        }
    }
    var pool: [String: EvidenceIndex] = [:]
    if pooled {
        for options in settings {
            let key = "\(options.window) \(options.lexicalStems) \(options.embedsCandidatesOnly) \(options.prefilter)"
            guard pool[key] == nil else { continue }
            pool[key] = try await EvidenceIndex.build(passages: rows.indices.flatMap { passages($0, window: options.window) },
                                                      embedder: embedder, options: options)
        }
        log("safety-recall: pooled, \(pool.values.first?.passages.count ?? 0) passages in one index")
    }
    var hits = [[Bool]](repeating: [], count: settings.count)
    for (number, row) in rows.enumerated() {
        if number % 50 == 0 { log("row \(number) of \(rows.count)"); embedder.save() }
        let vector = try await embedder.embed(row.claim)
        var built = pool
        for (position, options) in settings.enumerated() {
            let key = "\(options.window) \(options.lexicalStems) \(options.embedsCandidatesOnly) \(options.prefilter)"
            if built[key] == nil {
                built[key] = try await EvidenceIndex.build(passages: passages(number, window: options.window),
                                                           embedder: embedder, options: options)
            }
            let evidence = try await built[key]!.retuned(options).search(row.claim, vector: vector, limit: ClaimScoring.evidencePerClaim)
            let own = evidence.map(\.passage).filter { $0.file == "row-\(number)" }
            hits[position].append(ClaimScoring.covers(own, row.supportingSets))
        }
    }
    embedder.save()
    func recall(_ setting: Int, _ rows: [Int]) -> Double {
        Double(rows.filter { hits[setting][$0] }.count) / Double(max(1, rows.count))
    }
    let all = Array(rows.indices)
    let order = settings.indices.sorted { recall($0, all) > recall($1, all) }
    for position in order.prefix(25) {
        log(String(format: "recall@5 %.3f  %@", recall(position, all), ClaimScoring.describe(settings[position])))
    }
    var generator = SeededGenerator(seed: 11)
    let shuffled = all.shuffled(using: &generator)
    var total = 0.0
    for fold in 0..<5 {
        let held = shuffled.enumerated().filter { $0.offset % 5 == fold }.map(\.element)
        let train = shuffled.enumerated().filter { $0.offset % 5 != fold }.map(\.element)
        let best = settings.indices.max { recall($0, train) < recall($1, train) }!
        total += recall(best, held)
    }
    log(String(format: "best on dev: %.3f; chosen on four folds, measured on the fifth (5-fold CV): %.3f",
               recall(order[0], all), total / 5))
}

/// The settings `SAFETY_GRID` names: every combination of its values.
struct EvidenceGrid {
    var values: [String: [Double]] = [:]

    init(_ text: String) {
        for part in text.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            values[String(pair[0]).trimmingCharacters(in: .whitespaces)] = pair[1].split(separator: ",").compactMap {
                Double($0.trimmingCharacters(in: .whitespaces))
            }
        }
    }

    var settings: [EvidenceIndex.Options] {
        var result = [ClaimScoring.indexOptions]
        let setters: [(String, (inout EvidenceIndex.Options, Double) -> Void)] = [
            ("window", { $0.window = Int($1) }), ("stems", { $0.lexicalStems = $1 != 0 }),
            ("facts", { $0.factsWeight = $1 }), ("overlap", { $0.overlapPenalty = $1 }),
            ("coverage", { $0.coverageWeight = $1 }), ("fusion", { $0.fusionConstant = $1 }),
            ("candidates", { $0.candidates = Int($1) }), ("pool", { $0.pool = Int($1) }),
            ("prefilter", { $0.embedsCandidatesOnly = $1 > 0; $0.prefilter = max(1, Int($1)) }),
        ]
        for (name, set) in setters {
            guard let choices = values[name], !choices.isEmpty else { continue }
            result = result.flatMap { base in choices.map { value in var options = base; set(&options, value); return options } }
        }
        return result
    }
}
