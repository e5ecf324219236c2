using System.Text.Json.Nodes;
using BindingConformance.Cli;
using BindingConformance.Cli.Commands;
using BindingConformance.Oracles;
using BindingConformance.Sensitivity;
using FluentAssertions;
using Xunit;
using static BindingConformance.Tests.Sensitivity.ScriptedMatrix;

namespace BindingConformance.Tests.Sensitivity;

/// <summary><c>conformance sensitivity</c>'s arguments and outputs, with scripted bindings.</summary>
public sealed class SensitivityCommandTests : IDisposable
{
    private readonly string output = Directory.CreateTempSubdirectory("sensitivity-command-").FullName;

    public void Dispose() => Directory.Delete(output, recursive: true);

    [Theory]
    [InlineData(new[] { "--mutants", "nosuch" }, "error: unknown mutant 'nosuch'; known: lr-drift, init-drift, seed-ignored, *")]
    [InlineData(new[] { "--mutants", "," }, "error: --mutants names nothing (got ',')")]
    [InlineData(new[] { "--clean-runs", "-1" }, "error: --clean-runs must be at least 0 (got -1)")]
    [InlineData(new[] { "--clean-runs", "many" }, "error: --clean-runs must be an integer (got 'many')")]
    [InlineData(new[] { "--seeds", "0" }, "error: --seeds must be at least 1")]
    [InlineData(new[] { "--first-seed", "-3" }, "error: --first-seed must be between 0 and * (got -3)")]
    [InlineData(new[] { "--tier", "huge" }, "error: --tier must be smoke or paper (got 'huge')")]
    [InlineData(new[] { "--models", "LeNet9" }, "error: unknown model 'LeNet9'; known: LeNet1, *")]
    [InlineData(new[] { "--binding", "nosuch" }, "error: unknown binding 'nosuch'; known: port-csharp, reference-python, onnx-scripted, foreign-js")]
    [InlineData(new[] { "--binding", "port-csharp", "--reference", "nosuch" }, "error: unknown binding 'nosuch'; known: *")]
    [InlineData(new[] { "--devices", "cpu" }, "error: unknown option: --devices")]
    public async Task Bad_usage_exits_2_with_one_line_and_runs_nothing(string[] args, string expected)
    {
        var port = Trainer(Port);
        var (exit, stdout, stderr) = await RunAsync([port, Trainer(Reference), Loader(Onnx), Loader(Foreign)], args);

        exit.Should().Be(2);
        stderr.TrimEnd().Should().Match(expected).And.NotContain("\n");
        stdout.Should().BeEmpty();
        port.TrainRequests.Should().BeEmpty();
    }

    [Fact]
    public async Task An_unavailable_binding_cannot_be_measured_and_says_why()
    {
        var absent = Trainer(Port, BindingAvailability.Absent(Port, "libport.so not found", "install it"));

        var (exit, _, stderr) = await RunAsync([absent, Trainer(Reference)], ["--binding", Port.Id]);

        exit.Should().Be(2);
        stderr.TrimEnd().Should().Be("error: cannot measure the sensitivity of port-csharp: port-csharp not available: libport.so not found");
    }

    [Fact]
    public async Task An_absent_reference_is_refused_rather_than_measured_as_nothing_detected()
    {
        // Without its reference every comparison cell is skipped: "0/1 detected" would read as a measurement.
        var port = Trainer(Port);
        var absent = Trainer(Reference, BindingAvailability.Absent(Reference, "python3 not found", "install it"));

        var (exit, stdout, stderr) = await RunAsync([port, absent], ["--binding", Port.Id, "--reference", Reference.Id, "--mutants", "lr-drift", "--clean-runs", "0", "--out", output]);

        exit.Should().Be(2);
        stdout.Should().BeEmpty();
        stderr.TrimEnd().Should().Be($"error: cannot measure the sensitivity of port-csharp against reference-python: reference-python not available: python3 not found");
        port.TrainRequests.Should().BeEmpty();
    }

    [Fact]
    public async Task It_runs_the_binding_its_reference_and_onnx_per_mutant_and_clean_and_writes_the_table_and_json()
    {
        var port = Trainer(Port);
        var foreign = Trainer(Foreign);

        var (exit, stdout, stderr) = await RunAsync([port, Trainer(Reference), Loader(Onnx), foreign],
            ["--binding", Port.Id, "--mutants", "lr-drift,logits-scaled", "--seeds", "2", "--first-seed", "6", "--clean-runs", "1", "--out", output]);

        exit.Should().Be(0, stderr);
        port.TrainRequests.Select(r => r.Seed).Distinct().Should().Equal(6, 7);
        foreign.TrainRequests.Should().BeEmpty("the matrix is the binding, its reference and ONNX Runtime");
        stderr.Should().Contain("mutant runs memoise the training of reference-python, onnx-scripted; clean runs train everything fresh");

        var table = File.ReadAllText(Path.Combine(output, SensitivityCommand.TableFileName));
        stdout.Should().StartWith(table).And.Contain(SensitivityJsonExporter.FileName);
        table.Should().Contain("lr-drift").And.Contain("logits-scaled").And.Contain("clean-1").And.Contain("detection rate: ");

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(output, SensitivityJsonExporter.FileName)))!;
        json["binding"]!.GetValue<string>().Should().Be(Port.Id);
        json["matrix"]!.AsArray().Select(b => b!.GetValue<string>()).Should().Equal(Port.Id, Reference.Id, Onnx.Id);
        json["mutants"]!.AsArray().Select(m => m!["name"]!.GetValue<string>()).Should().Equal("lr-drift", "logits-scaled");
        json["clean_runs"]![0]!["seeds"]!.AsArray().Select(s => s!.GetValue<int>()).Should().Equal(6, 7);
        json["false_alarm_rate"]!.GetValue<double>().Should().Be(0);
        json["detection_rate"]!.GetValue<double>().Should().BeInRange(0, 1);
    }

    [Fact]
    public async Task Interrupted_it_keeps_the_runs_that_finished_and_exits_130()
    {
        using var interrupt = new CancellationTokenSource();
        var port = new Runs.ScriptedOracle(Port, Trainer(Port).Capabilities)
        {
            // The second mutant run's first training is interrupted, as Ctrl-C does.
            Train = request => request.Model.Optimizer.LearningRate > 0.05 || request.Exports.Count == 0 ? Runs.ScriptedOracle.Learned(request, 0.95) : Interrupt(),
        };
        TrainResult Interrupt()
        {
            interrupt.Cancel();
            throw new OperationCanceledException(interrupt.Token);
        }
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        var exit = await CommandDispatcher.RunAsync([new SensitivityCommand(() => new OracleRegistry([port, Trainer(Reference)]))],
            ["sensitivity", "--binding", Port.Id, "--mutants", "lr-drift,logits-scaled", "--seeds", "1", "--clean-runs", "1", "--out", output],
            stdout, stderr, interrupt.Token);

        exit.Should().Be(CommandDispatcher.Interrupted);
        stderr.ToString().TrimEnd().Split('\n')[^2..].Should().Equal(
            $"the runs that finished are in {Path.Combine(output, SensitivityJsonExporter.FileName)} and sensitivity.txt",
            "interrupted: conformance sensitivity stopped");
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(output, SensitivityJsonExporter.FileName)))!;
        json["mutants"]!.AsArray().Select(m => m!["name"]!.GetValue<string>()).Should().Equal("lr-drift");
        stdout.ToString().Should().BeEmpty();
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(IBindingOracle[] oracles, string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var command = new SensitivityCommand(() => new OracleRegistry(oracles));
        var exit = await CommandDispatcher.RunAsync([command], ["sensitivity", .. args], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
