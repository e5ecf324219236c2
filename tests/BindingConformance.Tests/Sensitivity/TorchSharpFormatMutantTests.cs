using BindingConformance.Oracles;
using BindingConformance.Oracles.Mutants;
using BindingConformance.Oracles.TorchSharp;
using BindingConformance.Tests.Runs;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Sensitivity;

/// <summary>
/// Weight-file mutants on TorchSharp's own format, which they rewrite through TorchSharp's <c>Module.load</c>/<c>save</c>:
/// a LeNet-1 trained by Python PyTorch, evaluated by the real TorchSharp binding before and after.
/// </summary>
public sealed class TorchSharpFormatMutantTests(TrainedLeNet1 trained) : IClassFixture<TrainedLeNet1>, IAsyncLifetime
{
    private readonly TorchSharpOracle torchSharp = new(threads: 1);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await torchSharp.DisposeAsync();

    [Fact]
    public async Task Bfloat16_on_save_rewrites_a_torchsharp_file_that_still_loads_with_slightly_different_logits()
    {
        var copy = trained.Scratch("bfloat16.torchsharp.dat");
        File.Copy(trained.PathOf(ModelFormat.TorchSharp), copy, overwrite: true);
        var saver = new ScriptedOracle(TorchSharpOracle.Descriptor, torchSharp.Capabilities) { Train = r => ScriptedOracle.Learned(r, 0.95) };
        await using var mutant = new MutantOracle(saver, MutantCatalog.Get("bfloat16-on-save"), trained.Scratch("bfloat16-scratch"));

        await mutant.TrainAsync(new TrainRequest(trained.Model, trained.Data, 1, new(1, 32), Device.Cpu,
            Oracles.Data.BatchOrder.Create(1, trained.Data.TrainCount, 1), [new ModelExport(ModelFormat.TorchSharp, copy)]));

        var original = await torchSharp.EvaluateAsync(Evaluate(trained.PathOf(ModelFormat.TorchSharp)));
        var rounded = await torchSharp.EvaluateAsync(Evaluate(copy));
        var largest = original.Logits.Zip(rounded.Logits, (a, b) => Math.Abs(a - b)).Max();
        // bfloat16 keeps 8 significant bits: weights move by up to 2^-9 of their size, LeNet-1's logits by far less than 1.
        largest.Should().BeGreaterThan(0).And.BeLessThan(0.5f);
    }

    [Fact]
    public async Task Weights_transposed_on_load_makes_torchsharp_mispredict_its_own_format()
    {
        await using var mutant = new MutantOracle(torchSharp, MutantCatalog.Get("weights-transposed-on-load"), trained.Scratch("flip-scratch"));
        var request = Evaluate(trained.PathOf(ModelFormat.TorchSharp));

        var correct = await torchSharp.EvaluateAsync(request);
        var flipped = await mutant.EvaluateAsync(request);

        flipped.CorrectPerPass[0].Should().BeLessThan(correct.CorrectPerPass[0] - 20, "a rotated first kernel sees mirrored digits");
    }

    private EvaluateRequest Evaluate(string path) => new(trained.Model, trained.Data, ModelFormat.TorchSharp, path, Device.Cpu, Passes: 1);
}
