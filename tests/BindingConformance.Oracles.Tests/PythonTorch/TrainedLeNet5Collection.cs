using Xunit;

namespace BindingConformance.Oracles.Tests.PythonTorch;

/// <summary>Test classes that share one trained LeNet-5 and its Python worker (training it once).</summary>
[CollectionDefinition(Name)]
public sealed class TrainedLeNet5Collection : ICollectionFixture<TrainedLeNet5>
{
    public const string Name = "trained LeNet-5 (Python)";
}
