namespace BindingConformance.SampleSuite;

/// <summary>A model of the user's own (<c>specs/tiny-mlp.json</c>) on the model axis, on <see cref="EngineRegistry"/>; compared with <c>conformance run --model-spec</c> by the tests.</summary>
[ConformanceRegistry(typeof(EngineRegistry))]
[ModelSpec("tests/BindingConformance.SampleSuite/specs/tiny-mlp.json")]
public class ModelSpecTheories
{
    [ConformanceTheory(Kind = "training")]
    [Bindings("port", "drifting")]
    public async Task Training(ConformanceCell cell) => (await cell.RunAsync()).Should().Pass();

    [ConformanceTheory(Kind = "cross-load")]
    [Bindings("port", "scaling")]
    [Formats("safetensors")]
    [ReferenceBinding("pytorch")]
    public async Task CrossLoad(ConformanceCell cell) => (await cell.RunAsync()).Should().Pass();

    [ConformanceTheory(Kind = "weight-transfer")]
    [Bindings("js")]
    [Formats("safetensors")]
    [ReferenceBinding("pytorch")]
    public async Task WeightTransfer(ConformanceCell cell) => (await cell.RunAsync()).Should().Pass();

    [ConformanceTheory(Kind = "training")]
    [ModelSpec("tests/BindingConformance.SampleSuite/specs/broken-shapes.json")]
    [Bindings("port")]
    public async Task BrokenSpec(ConformanceCell cell) => (await cell.RunAsync()).Should().Pass();
}
