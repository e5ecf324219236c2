using BindingConformance.Reports;
using FluentAssertions;

namespace BindingConformance.SampleSuite;

/// <summary>Fixture theories over the committed fixtures/models manifest, loaded by in-memory ONNX bindings.</summary>
[ConformanceRegistry(typeof(FixtureSampleRegistry))]
public class FixtureTheories
{
    [FixtureTheory]
    [Devices("cpu", "cuda")]
    public async Task OnnxLoaders(FixtureCell cell)
    {
        var verdict = await cell.CheckAsync();

        verdict.Outcome.Should().Be(CellOutcome.Passed, "{0}", $"{cell}: {verdict.Reason}\nReproduce: {cell.ReproduceCommand}");
    }

    [FixtureTheory]
    [Bindings("onnxruntime", "nosuchbinding")]
    public Task UnknownLoader(FixtureCell cell) => cell.CheckAsync();
}
