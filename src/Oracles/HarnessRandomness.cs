namespace BindingConformance.Oracles;

/// <summary>
/// The harness's counter-based generator that every PyTorch-family binding's dropout draws from in training
/// (docs/harness-randomness.md; test vectors in fixtures/randomness).
/// </summary>
public static class HarnessRandomness
{
    /// <summary>
    /// The generator's version: raised when its arithmetic, its sites or its step numbering change, so that a training
    /// kept under another version (the run cache) is never taken for one drawn under this.
    /// </summary>
    public const int Version = 1;
}
