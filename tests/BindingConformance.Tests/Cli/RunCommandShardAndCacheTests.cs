using BindingConformance.Cells;
using BindingConformance.Cli;
using BindingConformance.Cli.Commands;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Oracles.Models;
using BindingConformance.Reports;
using BindingConformance.Tests.Runs;
using BindingConformance.Tests.Snapshots;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Cli;

/// <summary><c>run --shard i/n</c>, <c>--cache DIR</c> and <c>--no-cache</c> through the command line, with scripted bindings.</summary>
public sealed class RunCommandShardAndCacheTests : IDisposable
{
    private static readonly BindingDescriptor Reference = new("reference-python", "pytorch", "python", IsDefault: true);
    private static readonly OracleCapabilities Trains = new(true, [ModelZoo.LeNet1, ModelZoo.LeNet5], [ModelFormat.Safetensors], [ModelFormat.Safetensors]);

    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    private string Out(string name) => Path.Combine(folder.Path, name);

    [Fact]
    public async Task A_shard_runs_its_models_and_probes_only_and_a_second_run_with_the_cache_trains_nothing()
    {
        string[] args = ["run", "--models", "LeNet1,LeNet5", "--seeds", "1", "--devices", Device.Cpu, "--shard", "2/2", "--cache", Out("cache")];
        var (first, again) = (Saving(), Saving());

        var (exit, stdout, _) = await RunAsync(first, [.. args, "--out", Out("first")]);
        var (againExit, againStdout, _) = await RunAsync(again, [.. args, "--out", Out("again")]);
        var (_, _, uncachedError) = await RunAsync(Saving(), [.. args[..^2], "--no-cache", "--out", Out("uncached")]);

        (exit, againExit).Should().Be((0, 0));
        first.TrainRequests.Select(r => r.Model.Name).Should().Equal([ModelZoo.LeNet5, ModelZoo.LeNet5], "shard 2 of 2 holds LeNet5 (subject 2): one seed and the determinism probe");
        again.TrainRequests.Should().BeEmpty("the second run recalls both trainings from the cache");
        stdout.Should().NotContain("from the run cache");
        againStdout.Should().Contain("1 cells from the run cache");
        var report = RunReportReader.Read(Path.Combine(Out("again"), "report.json"));
        report.Shard!.Text.Should().Be("2/2");
        report.Shard.Probes.Should().Equal(HazardProbes.Names.Where((_, k) => (2 + k) % 2 == 1));
        report.Cells.Where(c => c.Kind.Subject == SubjectAxis.Model).Should().OnlyContain(c => c.Key.Subject == ModelZoo.LeNet5);
        report.Cells.Single(c => c.Kind.Name == "training").FromCache.Should().BeTrue();
        uncachedError.Should().Contain("no run cache: everything trains");
    }

    [Theory]
    [InlineData(new[] { "--shard", "3/2" }, "--shard must be i/n with 1 ≤ i ≤ n")]
    [InlineData(new[] { "--no-cache", "--cache", "somewhere" }, "--no-cache and --cache exclude each other")]
    public async Task A_bad_shard_or_contradicting_cache_options_exit_2_in_one_line(string[] options, string message)
    {
        var (exit, stdout, stderr) = await RunAsync(null, ["run", "--out", Out("out"), .. options]);

        exit.Should().Be(2);
        stderr.Should().StartWith("error: ").And.Contain(message);
        stderr.TrimEnd('\n').Should().NotContain("\n");
        stdout.Should().BeEmpty();
    }

    /// <summary>A scripted binding that writes the files it is asked to save: a training whose files are missing is not kept.</summary>
    private static ScriptedOracle Saving() => new(Reference, Trains)
    {
        Train = request =>
        {
            foreach (var export in request.Exports) File.WriteAllText(export.Path, "weights");
            return ScriptedOracle.Learned(request, 0.95);
        },
    };

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(ScriptedOracle? oracle, string[] args)
    {
        var (stdout, stderr) = (new StringWriter { NewLine = "\n" }, new StringWriter { NewLine = "\n" });
        var command = new RunCommand(() => oracle is null ? throw new InvalidOperationException("refused before the bindings are made") : new OracleRegistry([oracle]));
        var exit = await CommandDispatcher.RunAsync([command], args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
