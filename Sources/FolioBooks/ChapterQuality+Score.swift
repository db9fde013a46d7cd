extension ChapterQuality {
    /// One figure for the log and for drift checks, 0–1: the share of the bars the chapter meets,
    /// each bar graded rather than passed or failed, so a slow decline shows before chapters
    /// start missing bars outright.
    ///
    /// Length counts most (a chapter far short of its target is the commonest failure), then
    /// repetition, then how much of what the model wrote was thrown away as talk or echo (what
    /// is left between such lines reads as no story even when every kept sentence passes);
    /// copying and echo lines share the rest.
    public var score: Double {
        let ratio = targetWords > 0 ? Double(words) / Double(targetWords) : 1
        let length = ratio < Self.wordRange.lowerBound ? ratio / Self.wordRange.lowerBound
            : ratio > Self.wordRange.upperBound ? max(0, 1 - (ratio - Self.wordRange.upperBound)) : 1
        let repetition = max(0, 1 - repeatedSentenceShare / (Self.maximumRepeatedShare * 10))
        let verbatim = longestCopiedRun <= Self.maximumCopiedRun ? 1
            : max(0, 1 - Double(longestCopiedRun - Self.maximumCopiedRun) / Double(Self.maximumCopiedRun * 2))
        let copying = min(verbatim, max(0, 1 - paraphrasedShare / (Self.maximumParaphrasedShare * 3)))
        let echo = 1 / Double(1 + echoLines)
        let kept = max(0, 1 - droppedShare / (Self.maximumDroppedShare * 2.5))
        let score = 0.3 * length + 0.25 * repetition + 0.25 * kept + 0.1 * copying + 0.1 * echo
        return (score * 1000).rounded() / 1000
    }
}
