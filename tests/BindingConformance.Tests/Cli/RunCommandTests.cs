using BindingConformance.Cli;
using BindingConformance.Cli.Commands;
using BindingConformance.Oracles;
using FluentAssertions;
using Xunit;
using static BindingConformance.Tests.Sensitivity.ScriptedMatrix;

namespace BindingConformance.Tests.Cli;

public sealed class RunCommandTests : IDisposable
{
    private readonly string output = Directory.CreateTempSubdirectory("run-command-").FullName;

    public void Dispose() => Directory.Delete(output, recursive: true);

    [Fact]
    public async Task First_seed_starts_the_seed_range()
    {
        var reference = Trainer(Reference);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        var exit = await CommandDispatcher.RunAsync([new RunCommand(() => new OracleRegistry([reference]))],
            ["run", "--models", "LeNet1", "--seeds", "3", "--first-seed", "6", "--devices", "cpu", "--out", output], stdout, stderr);

        exit.Should().Be(0, stderr.ToString());
        reference.TrainRequests.Select(r => r.Seed).Should().Equal(6, 7, 8);
        stderr.ToString().Should().Contain("smoke tier: models LeNet1; seeds 6..8");
    }
}
