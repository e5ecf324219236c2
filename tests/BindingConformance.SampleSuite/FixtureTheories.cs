using BindingConformance.Cells;
using FluentAssertions;

namespace BindingConformance.SampleSuite;

/// <summary>Fixture theories over the committed fixtures/models manifest, loaded by in-memory ONNX bindings.</summary>
[ConformanceRegistry(typeof(FixtureSampleRegistry))]
public class FixtureTheories
{
    [ConformanceTheory]
    [Fixtures]
    [Devices("cpu", "cuda")]
    public async Task OnnxLoaders(ConformanceCell cell)
    {
        var verdict = await cell.FixtureAsync();

        verdict.Outcome.Should().Be(CellOutcome.Passed, "{0}", $"{cell}: {verdict.Reason}\nReproduce: {cell.ReproduceCommand}");
    }

    [ConformanceTheory]
    [Fixtures]
    [Bindings("onnxruntime", "nosuchbinding")]
    public Task UnknownLoader(ConformanceCell cell) => cell.FixtureAsync();

    [ConformanceTheory]
    [Fixtures]
    [Models("LeNet5")]
    public Task FixtureWithModelAxis(ConformanceCell cell) => cell.FixtureAsync();

    [ConformanceTheory]
    [Fixtures("fixtures/no-such-folder")]
    public Task MissingManifest(ConformanceCell cell) => cell.FixtureAsync();
}
