using BindingConformance.Oracles;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Mutants;
using BindingConformance.Tests.Snapshots;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Repro;

/// <summary>How <c>compare --mutant</c> shows a bug on save on any good file: <see cref="MutantOracle.SavedCopy"/>.</summary>
public sealed class MutantSavedCopyTests : IDisposable
{
    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task A_bug_on_save_rewrites_a_copy_and_leaves_the_good_file_alone()
    {
        var file = Path.Combine(folder.Path, "model.safetensors");
        // 1 + 2^-12 is not a float16 (its spacing at 1 is 2^-10): it rounds to 1.
        SafetensorsWriter.Write(file, [NamedTensor.FromFloats("conv1.weight", [1 + 1f / 4096, 0.5f], 2)]);
        await using var mutant = MutantOracle.Around(new LayeredOracle(CompareCommandTests.Port), MutantCatalog.Get("float16-on-save"), Path.Combine(folder.Path, "scratch"));

        var saved = mutant.SavedCopy(ModelFormat.Safetensors, file, ModelZoo.Get(ModelZoo.LeNet1));

        saved.Should().NotBe(file);
        SafetensorsReader.Read(saved)["conv1.weight"].ToFloats().Should().Equal(1f, 0.5f);
        SafetensorsReader.Read(file)["conv1.weight"].ToFloats().Should().Equal(1 + 1f / 4096, 0.5f);
    }

    [Fact]
    public async Task A_mutant_whose_bug_is_not_on_save_runs_the_file_itself()
    {
        var file = Path.Combine(folder.Path, "model.safetensors");
        await using var mutant = MutantOracle.Around(new LayeredOracle(CompareCommandTests.Port), MutantCatalog.Get("weights-transposed-on-load"), Path.Combine(folder.Path, "scratch"));

        mutant.SavedCopy(ModelFormat.Safetensors, file, ModelZoo.Get(ModelZoo.LeNet1)).Should().Be(file);
    }
}
