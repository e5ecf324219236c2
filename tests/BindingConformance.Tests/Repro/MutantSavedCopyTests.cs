using BindingConformance.Oracles;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Mutants;
using BindingConformance.Repro;
using BindingConformance.Tests.Snapshots;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Repro;

/// <summary>
/// How <c>compare --mutant</c> shows a bug on save on any good file: the mutant runs a file layer by layer as it would have
/// saved it, and says so in its binding's <see cref="BindingVariant"/>.
/// </summary>
public sealed class MutantSavedCopyTests : IDisposable
{
    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task A_bug_on_save_runs_a_rewritten_copy_and_leaves_the_good_file_alone()
    {
        var file = Path.Combine(folder.Path, "model.safetensors");
        // 1 + 2^-12 is not a float16 (its spacing at 1 is 2^-10): it rounds to 1.
        SafetensorsWriter.Write(file, [NamedTensor.FromFloats("conv1.weight", [1 + 1f / 4096, 0.5f], 2)]);
        var inner = new LayeredOracle(CompareCommandTests.Port);
        await using var mutant = MutantOracle.Around(inner, MutantCatalog.Get("float16-on-save"), Path.Combine(folder.Path, "scratch"));

        await mutant.ActivationsAsync(Request(file));

        var ran = inner.ActivationRequests.Single().Path;
        ran.Should().NotBe(file);
        SafetensorsReader.Read(ran)["conv1.weight"].ToFloats().Should().Equal(1f, 0.5f);
        SafetensorsReader.Read(file)["conv1.weight"].ToFloats().Should().Equal(1 + 1f / 4096, 0.5f);
        mutant.Binding.Variant.Should().Be(new BindingVariant("float16-on-save", MutantCatalog.Get("float16-on-save").Bug, AltersSavedFiles: true));
    }

    [Fact]
    public async Task A_mutant_whose_bug_is_not_on_save_runs_the_file_itself()
    {
        var file = Path.Combine(folder.Path, "model.safetensors");
        SafetensorsWriter.Write(file, [NamedTensor.FromFloats("fc.weight", [0.5f], 1)]);
        var inner = new LayeredOracle(CompareCommandTests.Port);
        await using var mutant = MutantOracle.Around(inner, MutantCatalog.Get("logit-noise"), Path.Combine(folder.Path, "scratch"));

        await mutant.ActivationsAsync(Request(file));

        inner.ActivationRequests.Single().Path.Should().Be(file);
        mutant.Binding.Variant!.AltersSavedFiles.Should().BeFalse();
        mutant.Binding.Id.Should().Be(CompareCommandTests.Port.Id, "a decorated binding keeps its id");
    }

    private static ActivationsRequest Request(string file) =>
        new(ModelZoo.Get(ModelZoo.LeNet1), ModelFormat.Safetensors, file, InputBatch.FromTestSplit(CompareCommandTests.Mnist, 2).Inputs, Device.Cpu);
}
