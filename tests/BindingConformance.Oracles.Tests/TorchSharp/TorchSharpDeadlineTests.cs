using System.Diagnostics;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.TorchSharp;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.TorchSharp;

/// <summary>
/// The in-process TorchSharp oracle under a request's time limit: a foreign TorchScript archive whose
/// <c>forward()</c> never returns (<see cref="NeverEndingTorchScript"/>) fails its evaluation at the limit,
/// and the oracle keeps serving; training stops at the limit too.
/// </summary>
public sealed class TorchSharpDeadlineTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    private readonly TorchSharpOracle oracle = new(threads: 1);
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("torchsharp-deadline-");
    private readonly ModelSpec lenet1 = ModelZoo.Get(ModelZoo.LeNet1);
    private readonly DatasetRef data = DatasetCatalog.Default.Get(DatasetNames.Mnist, trainCount: 100, testCount: 500);

    public void Dispose() => folder.Delete(recursive: true);

    [Fact]
    public async Task A_torchscript_forward_that_never_returns_fails_at_the_limit_and_the_oracle_serves_the_next_request()
    {
        var path = await NeverEndingTorchScript.WriteAsync(folder.FullName, lenet1);
        var clock = Stopwatch.StartNew();

        var evaluate = () => oracle.EvaluateAsync(
            new EvaluateRequest(lenet1, data, ModelFormat.TorchScriptScripted, path, Device.Cpu, Passes: 1) { TimeLimit = Limit });

        (await evaluate.Should().ThrowAsync<OracleException>()).Which.Message.Should()
            .Be($"torchsharp evaluation of TorchScriptScripted file {path} timed out after 5 s (set for this request); " +
                "libtorch cannot abort the call, so its thread runs on in the background at the lowest CPU priority until it returns or the process exits");
        clock.Elapsed.Should().BeLessThan(Limit + TimeSpan.FromSeconds(5));
        if (OperatingSystem.IsLinux()) NicenessOfThreads("torchsharp eval").Should().Contain(19, "the abandoned thread spins on at the lowest priority");
        // The abandoned thread holds its own module and data; a later request shares nothing with it.
        string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "TorchSharp", "Fixtures", name);
        var scripted = await oracle.EvaluateAsync(new EvaluateRequest(lenet1, data, ModelFormat.TorchScriptScripted, Fixture("lenet1.scripted.pt"), Device.Cpu, Passes: 1));
        var weights = await oracle.EvaluateAsync(new EvaluateRequest(lenet1, data, ModelFormat.Safetensors, Fixture("lenet1.safetensors"), Device.Cpu, Passes: 1));
        scripted.Count.Should().Be(500);
        scripted.CorrectPerPass.Should().Equal(weights.CorrectPerPass, "both fixtures hold the same module (Fixtures/make_lenet1_fixtures.py)");
    }

    /// <summary>Nice values of this process's threads whose Linux name (the first 15 characters of Thread.Name) starts with <paramref name="prefix"/>.</summary>
    private static IEnumerable<int> NicenessOfThreads(string prefix) =>
        Directory.GetDirectories("/proc/self/task")
            .Where(task => File.ReadAllText(Path.Combine(task, "comm")).StartsWith(prefix, StringComparison.Ordinal))
            // proc(5): after the parenthesised name come state, ppid, …; nice is the 19th field, the 17th after the name.
            .Select(task => int.Parse(File.ReadAllText(Path.Combine(task, "stat")).Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[16],
                System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();

    [Fact]
    public async Task Training_past_its_limit_stops_at_the_next_batch_and_fails_as_timed_out()
    {
        const int epochs = 10_000;
        var request = new TrainRequest(lenet1, data, 1, new TrainingSettings(epochs, 32), Device.Cpu, BatchOrder.Create(1, data.TrainCount, epochs), [])
        {
            TimeLimit = TimeSpan.FromSeconds(1),
        };
        var clock = Stopwatch.StartNew();

        var train = () => oracle.TrainAsync(request);

        (await train.Should().ThrowAsync<OracleException>()).Which.Message.Should()
            .Be("torchsharp training of LeNet1 timed out after 1 s (set for this request)");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(6));
    }
}
