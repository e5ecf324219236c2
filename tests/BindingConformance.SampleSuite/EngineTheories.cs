namespace BindingConformance.SampleSuite;

/// <summary>One theory per cell kind of the engine, on <see cref="EngineRegistry"/>; compared with <c>conformance run</c> by the tests.</summary>
[ConformanceRegistry(typeof(EngineRegistry))]
[Models("LeNet1")]
public class EngineTheories
{
    [ConformanceTheory(Kind = "training")]
    [Bindings("port", "drifting", "scaling")]
    public async Task Training(ConformanceCell cell) => (await cell.RunAsync()).Should().Pass();

    [ConformanceTheory(Kind = "training-time")]
    [Bindings("port", "drifting")]
    public async Task TrainingTime(ConformanceCell cell) => (await cell.RunAsync()).Should().Pass();

    [ConformanceTheory(Kind = "own")]
    [Bindings("pytorch", "port", "scaling")]
    public async Task OwnFile(ConformanceCell cell) => (await cell.RunAsync()).Should().Pass();

    [ConformanceTheory(Kind = "backend")]
    [Bindings("port", "scaling")]
    [Backends("simd")]
    public async Task SimdBackend(ConformanceCell cell) => (await cell.RunAsync()).Should().Pass();

    [ConformanceTheory(Kind = "cross-load")]
    [Bindings("port", "scaling")]
    [Formats("safetensors", "torchsharp")]
    [ReferenceBinding("pytorch")]
    public async Task CrossLoad(ConformanceCell cell) => (await cell.RunAsync()).Should().Pass();

    [ConformanceTheory(Kind = "weight-transfer")]
    [Bindings("js")]
    [Formats("safetensors")]
    [ReferenceBinding("pytorch")]
    public async Task WeightTransfer(ConformanceCell cell) => (await cell.RunAsync()).Should().Pass();
}
