using BindingConformance.Runs;

namespace BindingConformance.SampleSuite;

/// <summary>One theory per cell kind of the engine, on <see cref="EngineRegistry"/>; compared with <c>conformance run</c> by the tests.</summary>
[ConformanceRegistry(typeof(EngineRegistry))]
[Models("LeNet1")]
public class EngineTheories
{
    [ConformanceTheory]
    [Bindings("port", "drifting", "scaling")]
    public async Task Training(ConformanceCell cell) => (await cell.TrainingAsync()).Should().Pass();

    [ConformanceTheory]
    [Bindings("port", "drifting")]
    public async Task TrainingTime(ConformanceCell cell) => (await cell.TimeCostAsync(TimeCostKind.Training)).Should().Pass();

    [ConformanceTheory]
    [Bindings("pytorch", "port", "scaling")]
    public async Task OwnFile(ConformanceCell cell) => (await cell.OwnFileAsync()).Should().Pass();

    [ConformanceTheory]
    [Bindings("port", "scaling")]
    public async Task SimdBackend(ConformanceCell cell) => (await cell.BackendAsync("simd")).Should().Pass();

    [ConformanceTheory(RequiresTraining = false)]
    [Bindings("port", "scaling")]
    [Formats("safetensors", "torchsharp")]
    [ReferenceBinding("pytorch")]
    public async Task CrossLoad(ConformanceCell cell) => (await cell.LoadAsync()).Should().Pass();

    [ConformanceTheory(RequiresTraining = false)]
    [Bindings("js")]
    [Formats("safetensors")]
    [ReferenceBinding("pytorch")]
    public async Task WeightTransfer(ConformanceCell cell) => (await cell.LoadAsync()).Should().Pass();
}
