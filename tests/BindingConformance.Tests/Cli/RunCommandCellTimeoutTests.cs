using BindingConformance.Cli;
using BindingConformance.Cli.Commands;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Models;
using BindingConformance.Tests.Runs;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Cli;

/// <summary><c>conformance run --cell-timeout</c>: the limit reaches every request of the run, and a bad value is a usage error.</summary>
public sealed class RunCommandCellTimeoutTests : IDisposable
{
    private static readonly BindingDescriptor Reference = new("reference-python", "pytorch", "python", IsDefault: true);
    private static readonly OracleCapabilities Trains = new(true, [ModelZoo.LeNet1], [ModelFormat.Safetensors], [ModelFormat.Safetensors]);

    private readonly string output = Directory.CreateTempSubdirectory("run-cell-timeout-").FullName;

    public void Dispose() => Directory.Delete(output, recursive: true);

    [Fact]
    public async Task The_cell_timeout_is_the_time_limit_of_every_train_and_evaluate_request()
    {
        var oracle = new ScriptedOracle(Reference, Trains);

        await Run(oracle, "--cell-timeout", "90");

        oracle.TrainRequests.Should().HaveCount(2, "one seed and its determinism probe").And.OnlyContain(r => r.TimeLimit == TimeSpan.FromSeconds(90));
        oracle.EvaluateRequests.Should().NotBeEmpty().And.OnlyContain(r => r.TimeLimit == TimeSpan.FromSeconds(90));
    }

    [Fact]
    public async Task Without_it_every_request_derives_its_limit_from_its_plan()
    {
        var oracle = new ScriptedOracle(Reference, Trains);

        await Run(oracle);

        oracle.TrainRequests.Should().HaveCount(2, "one seed and its determinism probe").And.OnlyContain(r => r.TimeLimit == null);
        oracle.EvaluateRequests.Should().NotBeEmpty().And.OnlyContain(r => r.TimeLimit == null);
    }

    [Theory]
    [InlineData("-5", "error: --cell-timeout must be 0 (derive each limit from the plan) or a number of seconds up to 2147484 (got -5)")]
    [InlineData("soon", "error: --cell-timeout must be a finite number (got 'soon')")]
    public async Task A_bad_cell_timeout_is_a_usage_error(string value, string error)
    {
        var oracle = new ScriptedOracle(Reference, Trains);

        var (exit, stderr) = await Run(oracle, "--cell-timeout", value);

        exit.Should().Be(2);
        stderr.Trim().Should().Be(error);
        oracle.TrainRequests.Should().BeEmpty();
    }

    private async Task<(int Exit, string Stderr)> Run(ScriptedOracle oracle, params string[] options)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var exit = await CommandDispatcher.RunAsync([new RunCommand(() => new OracleRegistry([oracle]))],
            ["run", "--models", ModelZoo.LeNet1, "--seeds", "1", "--devices", Device.Cpu, "--out", output, .. options], stdout, stderr);
        return (exit, stderr.ToString());
    }
}
