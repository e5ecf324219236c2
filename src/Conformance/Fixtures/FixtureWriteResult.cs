namespace BindingConformance.Fixtures;

/// <summary>What <see cref="FixtureWriter"/> did: fixtures written, writers it could not use (with why), and failures.</summary>
public sealed record FixtureWriteResult(
    IReadOnlyList<ModelFixture> Written,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<string> Failures);
