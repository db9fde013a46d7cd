extension ChapterQuality {
    /// One figure for the log and for drift checks, 0–1: the share of the bars the chapter meets,
    /// each bar graded rather than passed or failed, so a slow decline shows before chapters
    /// start missing bars outright.
    ///
    /// Length counts most (a chapter far short of its target is the commonest failure), then
    /// repetition; copying and echo each take a quarter of what is left.
    public var score: Double {
        let ratio = targetWords > 0 ? Double(words) / Double(targetWords) : 1
        let length = ratio < Self.wordRange.lowerBound ? ratio / Self.wordRange.lowerBound
            : ratio > Self.wordRange.upperBound ? max(0, 1 - (ratio - Self.wordRange.upperBound)) : 1
        let repetition = max(0, 1 - repeatedSentenceShare / (Self.maximumRepeatedShare * 10))
        let copying = longestCopiedRun <= Self.maximumCopiedRun ? 1
            : max(0, 1 - Double(longestCopiedRun - Self.maximumCopiedRun) / Double(Self.maximumCopiedRun * 2))
        let echo = 1 / Double(1 + echoLines)
        let score = 0.4 * length + 0.3 * repetition + 0.15 * copying + 0.15 * echo
        return (score * 1000).rounded() / 1000
    }
}
