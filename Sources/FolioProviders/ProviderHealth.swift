/// How one provider tier is doing, as `folio providers` reports it.
public struct ProviderHealth: Sendable, Equatable, Codable {
    /// The tier name.
    public var name: String
    /// Its wire format (`openai`, `anthropic`, `gemini`, `ollama`).
    public var format: String
    /// Where it lives (never with a key in it).
    public var baseURL: String
    /// Its default model.
    public var model: String
    /// Whether the tier can be used: a key is set where one is needed.
    public var configured: Bool
    /// Whether the server answered the probe at all.
    public var reachable: Bool
    /// The probe's HTTP status, if any.
    public var status: Int?
    /// Milliseconds from sending the probe to the response head.
    public var latencyMilliseconds: Double?
    /// The tier's circuit breaker after the probe (`closed`, `open`, `half-open`).
    public var circuit: String
    /// A one-line note: what was probed, or why the tier is unusable.
    public var detail: String

    /// A report of `name`, not probed yet: configured, unreachable, with an empty detail.
    public init(name: String, format: String, baseURL: String, model: String, configured: Bool = true,
                reachable: Bool = false, status: Int? = nil, latencyMilliseconds: Double? = nil,
                circuit: String = "-", detail: String = "") {
        self.name = name
        self.format = format
        self.baseURL = baseURL
        self.model = model
        self.configured = configured
        self.reachable = reachable
        self.status = status
        self.latencyMilliseconds = latencyMilliseconds
        self.circuit = circuit
        self.detail = detail
    }

    /// Whether the tier answered with success.
    public var isHealthy: Bool { reachable && (status.map { (200..<300).contains($0) } ?? false) }

    enum CodingKeys: String, CodingKey {
        case name, format, model, configured, reachable, status, circuit, detail
        case baseURL = "base_url"
        case latencyMilliseconds = "latency_ms"
    }
}
