using BindingConformance.Cli;
using BindingConformance.Cli.Commands;
using BindingConformance.Snapshots;
using BindingConformance.Tests.Snapshots;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Cli;

public sealed class ApproveCommandTests : IDisposable
{
    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Promotes_the_received_files_that_match_the_filter()
    {
        Directory.CreateDirectory(Path.Combine(folder.Path, "Suite"));
        File.WriteAllText(Path.Combine(folder.Path, "Suite", "A_binding=torchsharp.received.json"), "{}");
        File.WriteAllText(Path.Combine(folder.Path, "Suite", "A_binding=tfjs.received.json"), "{}");

        var (exit, stdout, _) = await Run("approve", "--filter", "binding=torchsharp", "--dir", folder.Path);

        exit.Should().Be(0);
        stdout.Should().Contain("approved Suite/A_binding=torchsharp\n").And.Contain("1 snapshot approved");
        File.Exists(Path.Combine(folder.Path, "Suite", "A_binding=torchsharp.approved.json")).Should().BeTrue();
        File.Exists(Path.Combine(folder.Path, "Suite", "A_binding=tfjs.received.json")).Should().BeTrue();
    }

    [Fact]
    public async Task Says_when_there_is_nothing_to_approve()
    {
        var (exit, stdout, _) = await Run("approve", "--dir", folder.Path);

        exit.Should().Be(0);
        stdout.Should().Contain("nothing to approve: no received snapshot in");
    }

    [Fact]
    public async Task A_missing_folder_is_a_usage_error_naming_it()
    {
        var missing = Path.Combine(folder.Path, "nope");

        var (exit, _, stderr) = await Run("approve", "--dir", missing);

        exit.Should().Be(2);
        stderr.Should().Be($"error: snapshot folder {missing} does not exist\n");
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> Run(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exit = await CommandDispatcher.RunAsync([new ApproveCommand()], args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
