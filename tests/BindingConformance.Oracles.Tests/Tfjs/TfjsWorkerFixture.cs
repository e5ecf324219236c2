using BindingConformance.Oracles.Workers;
using BindingConformance.Tests.Shared;
using Xunit;

namespace BindingConformance.Oracles.Tests.Tfjs;

/// <summary>One TensorFlow.js worker shared by a test class (starting Node and loading tfjs takes a second).</summary>
public sealed class TfjsWorkerFixture : IAsyncLifetime
{
    public WorkerOracle Oracle { get; } = ShippedWorkers.Tfjs();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Oracle.DisposeAsync();
}
