using BindingConformance.Oracles;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Mutants;
using BindingConformance.TimeAccounting;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Sensitivity;

/// <summary>
/// <see cref="IBindingOracle.ActivationsAsync"/> through the sensitivity decorators: a mutant runs the layers its bug
/// changes (the spec, the loaded file), and a metered binding leaves the request as it is.
/// </summary>
public sealed class MutantActivationsTests : IDisposable
{
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
    public async Task A_mutant_without_a_model_bug_and_a_metered_binding_pass_the_request_through()
    {
        var recording = new RecordingPortOracle();
        await using var mutant = MutantOracle.Around(recording, MutantCatalog.Get("lr-drift"), Path.Combine(folder, "scratch"));
        await using var metered = MeteredOracle.Around(recording, new ComputeLedger());

        var request = Request();

        await mutant.ActivationsAsync(request);
        await metered.ActivationsAsync(request);

        recording.Activations.Should().HaveCount(2).And.OnlyContain(r => ReferenceEquals(r, request));
    }

    private static readonly NamedTensor Inputs = NamedTensor.FromFloats("x", new float[28 * 28], 1, 1, 28, 28);

    private static ActivationsRequest Request() =>
        new(ModelZoo.Get(ModelZoo.LeNet1), ModelFormat.Safetensors, "/nonexistent/weights.safetensors", Inputs, Device.Cpu);

    private async Task<ActivationsRequest> ActivationsThrough(string mutant, ActivationsRequest request)
    {
        var recording = new RecordingPortOracle();
        await recording.UnderMutant(mutant, folder).ActivationsAsync(request);
        return recording.Activations.Single();
    }
}
