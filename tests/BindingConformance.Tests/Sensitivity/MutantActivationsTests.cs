using BindingConformance.Oracles;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Mutants;
using BindingConformance.Sensitivity;
using BindingConformance.Tests.Runs;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Sensitivity;

/// <summary>
/// <see cref="IBindingOracle.ActivationsAsync"/> through the sensitivity decorators: a mutant runs the layers its bug
/// changes (the spec, the loaded file), and memoised training leaves the request as it is.
/// </summary>
public sealed class MutantActivationsTests : IDisposable
{
    private static readonly BindingDescriptor Port = new("port-csharp", "pytorch", "csharp", IsDefault: false);
    private static readonly OracleCapabilities Capabilities = new(true, [ModelZoo.LeNet1], [ModelFormat.Safetensors], [ModelFormat.Safetensors]);

    private readonly string folder = Directory.CreateTempSubdirectory("mutant-activations-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Activation_swap_runs_tanh_layers_as_relu()
    {
        var received = await ActivationsThrough("activation-swap", Request());

        received.Model.Layers.Select(l => l.Kind).Should().NotContain(LayerKind.Tanh).And.Contain(LayerKind.Relu);
        received.Model.Layers.Select(l => l.Name).Should().Equal(Request().Model.Layers.Select(l => l.Name));
    }

    [Fact]
    public async Task Weights_transposed_on_load_feeds_the_binding_a_flipped_copy_and_leaves_the_file_alone()
    {
        var weights = Path.Combine(folder, "weights.safetensors");
        SafetensorsWriter.Write(weights, [NamedTensor.FromFloats("conv1.weight", [0, 1, 2, 3], 1, 1, 2, 2)]);

        var received = await ActivationsThrough("weights-transposed-on-load", Request() with { Path = weights });

        received.Path.Should().NotBe(weights);
        SafetensorsReader.Read(received.Path)["conv1.weight"].ToFloats().Should().Equal(3, 2, 1, 0);
        SafetensorsReader.Read(weights)["conv1.weight"].ToFloats().Should().Equal(0, 1, 2, 3);
    }

    [Fact]
    public async Task A_mutant_without_a_model_bug_and_memoised_training_pass_the_request_through()
    {
        var recording = new RecordingOracle(new ScriptedOracle(Port, Capabilities));
        using var memo = new TrainingMemo(Path.Combine(folder, "memo"));
        await using var mutant = MutantOracle.Around(recording, MutantCatalog.Get("lr-drift"), Path.Combine(folder, "scratch"));
        await using var memoised = MemoizedTrainingOracle.Around(recording, memo);

        var request = Request();

        await mutant.ActivationsAsync(request);
        await memoised.ActivationsAsync(request);

        recording.Requests.Should().HaveCount(2).And.OnlyContain(r => ReferenceEquals(r, request));
    }

    private static readonly NamedTensor Inputs = NamedTensor.FromFloats("x", new float[28 * 28], 1, 1, 28, 28);

    private static ActivationsRequest Request() =>
        new(ModelZoo.Get(ModelZoo.LeNet1), ModelFormat.Safetensors, "/nonexistent/weights.safetensors", Inputs, Device.Cpu);

    private async Task<ActivationsRequest> ActivationsThrough(string mutant, ActivationsRequest request)
    {
        var recording = new RecordingOracle(new ScriptedOracle(Port, Capabilities));
        // Not disposed, so rewritten copies stay readable; they go with the test's folder.
        var oracle = MutantOracle.Around(recording, MutantCatalog.Get(mutant), Path.Combine(folder, "scratch"));
        await oracle.ActivationsAsync(request);
        return recording.Requests.Single();
    }

    /// <summary>A scripted binding that records every activations request and answers with the logits alone.</summary>
    private sealed class RecordingOracle(ScriptedOracle inner) : IBindingOracle
    {
        public List<ActivationsRequest> Requests { get; } = [];

        public BindingDescriptor Binding => inner.Binding;

        public OracleCapabilities Capabilities => inner.Capabilities;

        public BindingAvailability Probe() => inner.Probe();

        public Task<TrainResult> TrainAsync(TrainRequest request, CancellationToken cancellationToken = default) => inner.TrainAsync(request, cancellationToken);

        public Task<EvaluateResult> EvaluateAsync(EvaluateRequest request, CancellationToken cancellationToken = default) => inner.EvaluateAsync(request, cancellationToken);

        public Task<ActivationsResult> ActivationsAsync(ActivationsRequest request, CancellationToken cancellationToken = default)
        {
            Requests.Add(request);
            return Task.FromResult(new ActivationsResult([NamedTensor.FromFloats(ActivationsResult.OutputOnly, new float[10], 1, 10)]));
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
