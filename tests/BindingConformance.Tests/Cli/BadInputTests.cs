using System.Diagnostics;
using System.Text.Json.Nodes;
using BindingConformance.Cli;
using BindingConformance.Cli.Commands;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Formats;
using BindingConformance.Reports;
using BindingConformance.Repro;
using BindingConformance.Snapshots;
using BindingConformance.Tests.Reports;
using BindingConformance.Tests.Repro;
using BindingConformance.Tests.Shared;
using BindingConformance.Tests.Snapshots;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Cli;

/// <summary>
/// What a careless or hostile user hands the tool where a path, a setting or a batch belongs: one <c>error:</c> line and
/// exit 2, never a stack trace, a hang or a silent success; Ctrl-C is 130 wherever it comes.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData("compare", "--model", "LeNet1", "--format", "safetensors", "--file", "", "--bindings", "a,b")]
    [InlineData("compare", "--model", "LeNet1", "--format", "safetensors", "--file", "m", "--inputs", "", "--bindings", "a,b")]
    [InlineData("compare", "--model", "LeNet1", "--format", "safetensors", "--file", "m", "--expected", "", "--bindings", "a")]
    [InlineData("compare", "--probe", "tensor-branch", "--mode", "scripted", "--bindings", "a", "--approved", "")]
    [InlineData("report", "--in", "")]
    [InlineData("badge", "--in", "", "--binding", "torchsharp")]
    [InlineData("badge", "--in", "report.json", "--binding", "torchsharp", "--out", "")]
    [InlineData("repro", "--in", "", "--cell", "x")]
    [InlineData("run", "--out", "")]
    [InlineData("run", "--bindings-from", "")]
    [InlineData("run", "--bindings-from", "a.binding.json", "--bindings-from", "")]
    [InlineData("doctor", "--bindings-from", "")]
    [InlineData("check-worker", "--manifest", "")]
    [InlineData("sensitivity", "--out", "")]
    [InlineData("fixtures", "--in", "")]
    [InlineData("fixtures", "--regenerate", "--out", "")]
    [InlineData("approve", "--dir", "")]
    [InlineData("approve", "--filter", "")]
    [InlineData("replicate", "--data", "")]
    [InlineData("replicate", "--json", "")]
    public async Task An_empty_path_or_value_in_any_verb_is_one_line_and_exit_2(params string[] args)
    {
        var option = args[Array.IndexOf(args, "") - 1];

        var (exit, stdout, stderr) = await Run(args);

        exit.Should().Be(2);
        stdout.Should().BeEmpty();
        stderr.Should().Be($"error: {option} is empty; give a value\n");
    }

    [Fact]
    public async Task Reproduce_of_an_empty_folder_name_is_one_line_and_exit_2()
    {
        var (exit, _, stderr) = await Run(["reproduce", ""]);

        exit.Should().Be(2);
        stderr.Should().Be("error: the bundle folder is empty; give a path\n");
    }

    [Theory]
    [InlineData("banana")]
    [InlineData("-3")]
    [InlineData("0")]
    [InlineData("1.5")]
    public async Task A_thread_count_that_is_not_a_positive_integer_is_one_line_and_exit_2(string threads)
    {
        var (exit, stdout, stderr) = await ToolProcess.RunAsync(["doctor"], new Dictionary<string, string> { [ThreadSettings.Variable] = threads });

        exit.Should().Be(2, stderr);
        stdout.Should().BeEmpty();
        stderr.Should().Be($"error: BINDING_CONFORMANCE_THREADS='{threads}' is not a positive integer (unset it for each binding's own default)\n");
    }

    [Fact]
    public async Task Fixtures_regenerate_out_naming_a_file_is_one_line_and_exit_2()
    {
        var file = Path.Combine(folder.Path, "fixtures.txt");
        File.WriteAllText(file, "keep me");

        var (exit, _, stderr) = await Run(["fixtures", "--regenerate", "--out", file]);

        exit.Should().Be(2);
        stderr.Should().Be($"error: --out {file} is a regular file; give a folder\n");
        File.ReadAllText(file).Should().Be("keep me");
    }

    [Fact]
    public async Task A_fifo_as_a_model_file_batch_or_report_is_refused_without_opening_it()
    {
        if (!OperatingSystem.IsLinux()) return;
        var fifo = Path.Combine(folder.Path, "fifo");
        SpecialFiles.MakeFifo(fifo);
        var model = Path.Combine(folder.Path, "model.safetensors");
        File.WriteAllText(model, "weights");
        string[] compare = ["compare", "--model", "LeNet1", "--format", "safetensors", "--bindings", "reference-python,port-csharp"];

        // Opening a FIFO for reading blocks until a writer comes: each of these would hang for ever.
        var results = await Task.WhenAll(
            Run([.. compare, "--file", fifo]),
            Run([.. compare, "--file", model, "--inputs", fifo]),
            Run(["report", "--in", fifo]),
            Run(["badge", "--in", fifo, "--binding", "torchsharp"])).WaitAsync(TimeSpan.FromMinutes(1));

        results.Select(r => r.Exit).Should().Equal(2, 2, 2, 2);
        results[0].Stderr.Should().Be($"error: {fifo} is a FIFO (named pipe), not a model file (a regular file, or a folder of one)\n");
        results.Skip(1).Select(r => r.Stderr).Should().AllBe($"error: {fifo} is a FIFO (named pipe), not a regular file\n");
    }

    [Theory]
    [InlineData(99L)]
    [InlineData(-1L)]
    [InlineData(1L << 62)]
    public async Task Labels_outside_the_models_classes_are_refused(long label)
    {
        var model = Path.Combine(folder.Path, "model.safetensors");
        File.WriteAllText(model, "weights");
        var inputs = Path.Combine(folder.Path, "inputs.safetensors");
        var batch = InputBatch.FromTestSplit(CompareCommandTests.Mnist, 4);
        new InputBatch(batch.Inputs, [batch.Labels[0], label, batch.Labels[2], batch.Labels[3]]).Write(inputs);

        var (exit, stdout, stderr) = await Run(["compare", "--model", "LeNet1", "--format", "safetensors", "--file", model, "--inputs", inputs,
            "--bindings", "reference-python,port-csharp"]);

        exit.Should().Be(2);
        stdout.Should().BeEmpty("both bindings would count the label wrong and agree");
        stderr.Should().Be($"error: {inputs}: 'labels' of example 1 is {label}; LeNet1 has classes 0..9\n");
    }

    [Theory]
    [InlineData("lr-drift")] // a training bug
    [InlineData("logits-scaled")] // an evaluation-only bug: the layer-by-layer pass never sees it
    public async Task A_mutant_that_cannot_change_a_forward_pass_is_refused_rather_than_passed(string mutant)
    {
        var model = Path.Combine(folder.Path, "model.safetensors");
        File.WriteAllText(model, "weights");

        var (exit, stdout, stderr) = await Run(["compare", "--model", "LeNet1", "--format", "safetensors", "--file", model,
            "--bindings", "reference-python,port-csharp", "--mutant", mutant]);

        exit.Should().Be(2);
        stdout.Should().BeEmpty();
        stderr.Should().StartWith($"error: mutant {mutant} does not change a forward pass (").And.EndWith("): compare cannot show it; see docs/sensitivity.md for the cells that do\n");
    }

    [Fact]
    public async Task A_mutant_that_cannot_change_a_probe_run_is_refused_rather_than_passed()
    {
        var (exit, _, stderr) = await Run(["compare", "--probe", "tensor-branch", "--mode", "scripted", "--bindings", "port-csharp", "--mutant", "activation-swap"]);

        exit.Should().Be(2);
        stderr.Should().StartWith("error: mutant activation-swap does not change a probe's run (").And.EndWith("): compare --probe cannot show it\n");
    }

    [Fact]
    public async Task Ctrl_c_cuts_a_worker_that_never_answers_its_first_request()
    {
        if (OperatingSystem.IsWindows()) return;
        // A "Python" that starts and never answers: the availability probe would wait its whole 2-minute limit.
        var python = Path.Combine(folder.Path, "python3");
        File.WriteAllText(python, "#!/bin/sh\nexec sleep 600\n");
        File.SetUnixFileMode(python, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var model = Path.Combine(folder.Path, "model.safetensors");
        File.WriteAllText(model, "weights");
        using var interrupt = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var clock = Stopwatch.StartNew();

        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exit = await CommandDispatcher.RunAsync(
            [new CompareCommand(() => new OracleRegistry([ShippedWorkers.Python(python), new LayeredOracle(CompareCommandTests.Port)]))],
            ["compare", "--model", "LeNet1", "--format", "safetensors", "--file", model, "--inputs", Inputs(), "--bindings", "pytorch-python,port-csharp"],
            stdout, stderr, interrupt.Token);

        exit.Should().Be(130, stderr.ToString());
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(60), "Ctrl-C stops the probe's wait, not its 2-minute limit");
        stderr.ToString().Should().Be("interrupted: conformance compare stopped\n");
    }

    [Fact]
    public async Task Ctrl_c_while_a_binding_fails_is_130_not_a_failed_comparison()
    {
        // SIGINT reaches the whole process group: a worker dies of it and its request fails before the tool sees the token.
        using var interrupt = new CancellationTokenSource();
        var model = Path.Combine(folder.Path, "model.safetensors");
        File.WriteAllText(model, "weights");
        var dying = new DyingOracle(CompareCommandTests.Port, interrupt);

        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exit = await CommandDispatcher.RunAsync(
            [new CompareCommand(() => new OracleRegistry([new LayeredOracle(CompareCommandTests.Reference), dying]))],
            ["compare", "--model", "LeNet1", "--format", "safetensors", "--file", model, "--inputs", Inputs(), "--bindings", "reference-python,port-csharp"],
            stdout, stderr, interrupt.Token);

        exit.Should().Be(130);
        stderr.ToString().Should().EndWith("interrupted: conformance compare stopped\n");
    }

    [Fact]
    public async Task Ctrl_c_while_fixtures_regenerate_is_130_and_the_manifest_is_kept()
    {
        using var interrupt = new CancellationTokenSource();
        var trains = new OracleCapabilities(true, ["LeNet1"], [ModelFormat.Safetensors], [ModelFormat.Safetensors]);
        var writer = new Runs.ScriptedOracle(CompareCommandTests.Reference, trains)
        {
            Train = _ =>
            {
                interrupt.Cancel();
                interrupt.Token.ThrowIfCancellationRequested();
                throw new InvalidOperationException("unreachable");
            },
        };
        var output = Path.Combine(folder.Path, "fixtures");

        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exit = await CommandDispatcher.RunAsync([new FixturesCommand(() => new OracleRegistry([writer]))],
            ["fixtures", "--regenerate", "--out", output, "--models", "LeNet1"], stdout, stderr, interrupt.Token);

        exit.Should().Be(130, "the docs promise 130 for Ctrl-C (it was 1, a failed check)");
        stderr.ToString().Should().EndWith("cancelled: the fixture manifest was not changed by this command\ninterrupted: conformance fixtures stopped\n");
        File.Exists(Path.Combine(output, "manifest.json")).Should().BeFalse("nothing was written");
    }

    [Fact]
    public async Task A_read_only_file_system_under_badge_approve_fixtures_and_run_is_one_line_not_in_use_by_another_run()
    {
        if (!OperatingSystem.IsLinux()) return;
        var readOnly = Path.Combine(folder.Path, "ro");
        Directory.CreateDirectory(Path.Combine(readOnly, "approved", "Suite"));
        File.WriteAllText(Path.Combine(readOnly, "approved", "Suite", "A.received.json"), SnapshotJson.Serialize(SnapshotStoreTests.Record()));
        var report = Path.Combine(folder.Path, "report.json");
        File.WriteAllText(report, new JsonReportExporter().Export(ReportRoundTripTests.Sample()));

        var badge = await ToolProcess.RunOnReadOnlyAsync(readOnly, ["badge", "--in", report, "--binding", "torchsharp", "--out", Path.Combine(readOnly, "badge.svg")]);
        var approve = await ToolProcess.RunOnReadOnlyAsync(readOnly, ["approve", "--dir", Path.Combine(readOnly, "approved")]);
        var fixtures = await ToolProcess.RunOnReadOnlyAsync(readOnly, ["fixtures", "--regenerate", "--out", Path.Combine(readOnly, "fixtures"), "--bindings", "onnxruntime"]);
        var run = await ToolProcess.RunOnReadOnlyAsync(readOnly, ["run", "--out", readOnly, "--models", "LeNet1"]);

        badge.Stderr.Should().Be($"error: cannot write {Path.Combine(readOnly, "badge.svg")}: Read-only file system\n");
        approve.Stderr.Should().Be($"error: cannot write {Path.Combine(readOnly, "approved", "Suite", "A.approved.json")}: Read-only file system\n");
        fixtures.Stderr.Should().StartWith("error: cannot write ").And.Contain("Read-only file system");
        run.Stderr.Should().StartWith($"error: cannot write to {readOnly}: Read-only file system");
        foreach (var (exit, stdout, stderr) in new[] { badge, approve, fixtures, run })
        {
            exit.Should().Be(2, stderr);
            stderr.TrimEnd('\n').Should().NotContain("\n").And.NotContain("in use by another");
        }
        File.Exists(Path.Combine(readOnly, "approved", "Suite", "A.received.json")).Should().BeTrue();
    }

    private string Inputs()
    {
        var path = Path.Combine(folder.Path, "inputs.safetensors");
        InputBatch.FromTestSplit(CompareCommandTests.Mnist, 4).Write(path);
        return path;
    }

    private static OracleRegistry Layered() =>
        new([new LayeredOracle(CompareCommandTests.Reference), new LayeredOracle(CompareCommandTests.Port)]);

    private static OracleRegistry Unreachable() => throw new InvalidOperationException("the command must stop before it builds a registry");

    private static async Task<(int Exit, string Stdout, string Stderr)> Run(string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        ICommand[] commands =
        [
            new CompareCommand(Layered), new ReportCommand(), new BadgeCommand(), new ReproCommand(Unreachable), new ReproduceCommand(Unreachable),
            new RunCommand(Unreachable), new SensitivityCommand(Unreachable), new FixturesCommand(Unreachable), new ApproveCommand(), new ReplicateCommand(),
            new DoctorCommand(Unreachable), new CheckWorkerCommand(),
        ];
        var exit = await CommandDispatcher.RunAsync(commands, args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A binding whose worker dies of the SIGINT that Ctrl-C sends the process group: its request fails with the worker's exit.</summary>
    private sealed class DyingOracle(BindingDescriptor binding, CancellationTokenSource interrupt) : IBindingOracle
    {
        private readonly LayeredOracle inner = new(binding);

        public BindingDescriptor Binding => binding;

        public OracleCapabilities Capabilities => inner.Capabilities;

        public BindingAvailability Probe() => inner.Probe();

        public Task<TrainResult> TrainAsync(TrainRequest request, CancellationToken cancellationToken = default) => inner.TrainAsync(request, cancellationToken);

        public Task<EvaluateResult> EvaluateAsync(EvaluateRequest request, CancellationToken cancellationToken = default) => inner.EvaluateAsync(request, cancellationToken);

        public Task<ActivationsResult> ActivationsAsync(ActivationsRequest request, CancellationToken cancellationToken = default)
        {
            interrupt.Cancel();
            throw new OracleException($"{binding.Id} worker failed during 'activations': it exited with exit code 130 (signal 2, SIGINT)");
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
