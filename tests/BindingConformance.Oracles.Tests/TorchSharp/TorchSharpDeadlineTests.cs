using System.Diagnostics;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.TorchSharp;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.TorchSharp;

/// <summary>
/// The in-process TorchSharp oracle under a request's time limit: a foreign TorchScript archive whose
/// <c>forward()</c> never returns, made here with Debian's python3 torch, fails its evaluation at the limit,
/// and the oracle keeps serving; training stops at the limit too.
/// </summary>
public sealed class TorchSharpDeadlineTests : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    private readonly TorchSharpOracle oracle = new(threads: 1);
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("torchsharp-deadline-");
    private readonly ModelSpec lenet1 = ModelZoo.Get(ModelZoo.LeNet1);
    private readonly DatasetRef data = DatasetCatalog.Default.Get(DatasetNames.Mnist, trainCount: 100, testCount: 500);

    public void Dispose() => folder.Delete(recursive: true);

    [Fact]
    public async Task A_torchscript_forward_that_never_returns_fails_at_the_limit_and_the_oracle_serves_the_next_request()
    {
        var path = await NeverEndingArchiveAsync();
        var clock = Stopwatch.StartNew();

        var evaluate = () => oracle.EvaluateAsync(
            new EvaluateRequest(lenet1, data, ModelFormat.TorchScriptScripted, path, Device.Cpu, Passes: 1) { TimeLimit = Limit });

        (await evaluate.Should().ThrowAsync<OracleException>()).Which.Message.Should()
            .Be($"torchsharp evaluation of TorchScriptScripted file {path} timed out after 5 s (set for this request); " +
                "libtorch cannot abort the call, so its thread runs on in the background until it returns or the process exits");
        clock.Elapsed.Should().BeLessThan(Limit + TimeSpan.FromSeconds(5));
        // The abandoned thread holds its own module and data; a later request shares nothing with it.
        string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "TorchSharp", "Fixtures", name);
        var scripted = await oracle.EvaluateAsync(new EvaluateRequest(lenet1, data, ModelFormat.TorchScriptScripted, Fixture("lenet1.scripted.pt"), Device.Cpu, Passes: 1));
        var weights = await oracle.EvaluateAsync(new EvaluateRequest(lenet1, data, ModelFormat.Safetensors, Fixture("lenet1.safetensors"), Device.Cpu, Passes: 1));
        scripted.Count.Should().Be(500);
        scripted.CorrectPerPass.Should().Equal(weights.CorrectPerPass, "both fixtures hold the same module (Fixtures/make_lenet1_fixtures.py)");
    }

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

    /// <summary>A real TorchScript archive, scripted by torch 1.13, whose loop condition is a tensor that never turns false.</summary>
    private async Task<string> NeverEndingArchiveAsync()
    {
        var script = Path.Combine(folder.FullName, "make_forever.py");
        var archive = Path.Combine(folder.FullName, "forever.pt");
        // torch.jit.script reads the module's source, so it must live in a file. float32 counting stops at 2**24: steps stays >= 0.
        await File.WriteAllTextAsync(script, """
            import sys
            import torch


            class Forever(torch.nn.Module):
                def forward(self, x: torch.Tensor) -> torch.Tensor:
                    steps = torch.zeros(1)
                    while bool(steps >= 0):
                        steps = steps + 1
                    return x


            torch.jit.script(Forever()).save(sys.argv[1])

            """);
        using var python = Process.Start(new ProcessStartInfo(Python, [script, archive]) { RedirectStandardError = true })!;
        var stderr = await python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        python.ExitCode.Should().Be(0, stderr);
        return archive;
    }
}
