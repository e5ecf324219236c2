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

    private static string Valid => SnapshotJson.Serialize(SnapshotStoreTests.Record());

    private string Suite(string file) => Path.Combine(folder.Path, "Suite", file);

    [Fact]
    public async Task Promotes_the_received_files_that_match_the_filter()
    {
        Directory.CreateDirectory(Path.Combine(folder.Path, "Suite"));
        File.WriteAllText(Suite("A_binding=torchsharp.received.json"), Valid);
        File.WriteAllText(Suite("A_binding=tfjs.received.json"), Valid);

        var (exit, stdout, stderr) = await Run("approve", "--filter", "binding=torchsharp", "--dir", folder.Path);

        exit.Should().Be(0, stderr);
        stdout.Should().Contain("approved Suite/A_binding=torchsharp\n").And.Contain("1 snapshot approved");
        File.Exists(Suite("A_binding=torchsharp.approved.json")).Should().BeTrue();
        File.Exists(Suite("A_binding=tfjs.received.json")).Should().BeTrue();
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

    [Theory]
    [InlineData("{\n  \"training\": {\n    \"curves\": [")] // truncated
    [InlineData("{}")] // every field missing
    [InlineData("null")]
    public async Task A_received_file_that_is_not_a_snapshot_is_refused_and_the_approved_one_kept(string received)
    {
        Directory.CreateDirectory(Path.Combine(folder.Path, "Suite"));
        File.WriteAllText(Suite("A.approved.json"), Valid);
        File.WriteAllText(Suite("A.received.json"), received);
        File.WriteAllText(Suite("B.received.json"), Valid);

        var (exit, stdout, stderr) = await Run("approve", "--dir", folder.Path);

        exit.Should().Be(2);
        stderr.Should().StartWith($"error: {Suite("A.received.json")} ").And.EndWith("; nothing was approved\n");
        stderr.TrimEnd('\n').Should().NotContain("\n");
        stdout.Should().BeEmpty();
        File.ReadAllText(Suite("A.approved.json")).Should().Be(Valid);
        File.Exists(Suite("B.approved.json")).Should().BeFalse("a batch with a bad file promotes nothing");
    }

    [Theory]
    [InlineData("--filter")]
    [InlineData("--dir")]
    public async Task An_empty_value_is_refused_rather_than_matching_everything(string option)
    {
        Directory.CreateDirectory(Path.Combine(folder.Path, "Suite"));
        File.WriteAllText(Suite("A.received.json"), Valid);
        string[] args = option == "--dir" ? ["approve", "--dir", ""] : ["approve", "--filter", "", "--dir", folder.Path];

        var (exit, stdout, stderr) = await Run(args);

        exit.Should().Be(2);
        stderr.Should().Be($"error: {option} is empty; give a value\n");
        stdout.Should().BeEmpty();
        File.Exists(Suite("A.approved.json")).Should().BeFalse();
    }

    [Fact]
    public async Task An_approved_file_that_is_a_fifo_is_refused_and_left_in_place()
    {
        if (!OperatingSystem.IsLinux()) return;
        Directory.CreateDirectory(Path.Combine(folder.Path, "Suite"));
        File.WriteAllText(Suite("A.received.json"), Valid);
        SpecialFiles.MakeFifo(Suite("A.approved.json"));

        var (exit, _, stderr) = await Run("approve", "--dir", folder.Path);

        exit.Should().Be(2);
        stderr.Should().Be($"error: {Suite("A.approved.json")} is a FIFO (named pipe), not a regular file; outputs never replace one\n");
        SpecialFiles.KindOf(Suite("A.approved.json")).Should().Be(BindingConformance.IO.FileKind.Fifo);
        File.ReadAllText(Suite("A.received.json")).Should().Be(Valid);
    }

    [Fact]
    public async Task An_approved_file_that_is_a_link_is_followed_the_link_kept_and_its_target_replaced()
    {
        Directory.CreateDirectory(Path.Combine(folder.Path, "Suite"));
        var target = Path.Combine(folder.Path, "elsewhere.json");
        File.WriteAllText(target, "old");
        File.CreateSymbolicLink(Suite("A.approved.json"), target);
        File.WriteAllText(Suite("A.received.json"), Valid);

        var (exit, _, stderr) = await Run("approve", "--dir", folder.Path);

        exit.Should().Be(0, stderr);
        new FileInfo(Suite("A.approved.json")).LinkTarget.Should().Be(target);
        File.ReadAllText(target).Should().Be(Valid);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> Run(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exit = await CommandDispatcher.RunAsync([new ApproveCommand()], args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
