namespace BindingConformance.Oracles;

/// <summary>Predictions from row-major [n, classes] logits, as every binding counts them: the first largest logit wins.</summary>
public static class LogitPredictions
{
    /// <summary>How many rows of <paramref name="logits"/> predict their label.</summary>
    public static int CountCorrect(ReadOnlySpan<float> logits, IReadOnlyList<long> labels, int classes)
    {
        var correct = 0;
        for (var i = 0; i < labels.Count; i++)
            if (ArgMax(logits.Slice(i * classes, classes)) == labels[i]) correct++;
        return correct;
    }

    /// <summary>The index of the first largest value.</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
            if (values[i] > values[best]) best = i;
        return best;
    }
}
