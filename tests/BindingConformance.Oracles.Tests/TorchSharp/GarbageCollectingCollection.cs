using Xunit;

namespace BindingConformance.Oracles.Tests.TorchSharp;

/// <summary>
/// The tests that run a <see cref="GarbageCollectingThread"/> run alone, after every other collection: their collector
/// also frees the scalars that TorchSharp's own optimizers and batch norm make implicitly (docs/torchsharp-scalar-race.md),
/// so a TorchSharp training test running beside them fails in libtorch now and then.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GarbageCollectingCollection
{
    public const string Name = "garbage collecting alone";
}
