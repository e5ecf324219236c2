using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.TorchSharp;
using FluentAssertions;
using TorchSharp;
using Xunit;

namespace BindingConformance.Oracles.Tests.TorchSharp;

/// <summary>
/// The TorchSharp BERT hands libtorch no scalar that the finalizer may free mid-call (docs/torchsharp-scalar-race.md):
/// its residual additions (<c>a + b</c>, an implicit alpha of 1), attention scaling and harness dropout made their
/// scalars implicitly, and a clean cross-load failed with "Expected false to be true" when another thread's garbage
/// collection freed one while libtorch read it.
/// </summary>
[Collection(GarbageCollectingCollection.Name)]
public sealed class TorchSharpScalarLifetimeTests
{
    // Training-mode forward passes (dropout draws included) with a thread collecting all the while. With the implicit
    // scalars (commit 2c04296) this failed each of the three times it was run on 2026-12-06, with ten or more libtorch
    // errors ("Expected false to be true", "Unknown scalar type") each time; with held scalars, none.
    private const int Passes = 1000;

    [Fact]
    public void Training_forward_passes_of_BERT_while_the_GC_runs_raise_no_libtorch_error()
    {
        var spec = ModelZoo.Get(ModelZoo.Bert);
        using var model = new SpecModule(spec);
        model.train();
        using var input = torch.ones([2, spec.InputShape[0]], torch.ScalarType.Int64);
        var errors = new List<string>();
        using (new GarbageCollectingThread(youngOnly: true))
        using (torch.no_grad())
        {
            for (var pass = 0; pass < Passes; pass++)
            {
                using var scope = torch.NewDisposeScope();
                model.DrawFrom(seed: 1, step: pass);
                try
                {
                    model.forward(input);
                }
                catch (Exception e)
                {
                    errors.Add(e.Message.Split('\n')[0]);
                }
            }
        }
        errors.Should().BeEmpty($"{errors.Count} of {Passes} passes raised a libtorch error");
    }
}
