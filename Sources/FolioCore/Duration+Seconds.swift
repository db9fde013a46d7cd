extension Duration {
    /// The duration in seconds, as a floating-point number.
    public var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }

    /// The duration in milliseconds, as a floating-point number.
    public var milliseconds: Double { seconds * 1000 }
}
