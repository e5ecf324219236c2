using System.Text.Json.Nodes;
using BindingConformance.Cli;
using BindingConformance.Cli.Commands;
using BindingConformance.IO;
using BindingConformance.Oracles;
using BindingConformance.Reports;
using BindingConformance.Tests.Reports;
using BindingConformance.Tests.Snapshots;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Cli;

/// <summary>
/// One output rule for every verb (<see cref="AtomicFile"/>): a regular file is replaced atomically, a device node, FIFO
/// or folder is refused in one line and left as it was, a link is followed and kept, and a finished report is never
/// lost to a new run. Run as root, as CI runs, so that nothing but the rule protects a device node.
/// </summary>
public sealed class OutputRuleTests : IDisposable
{
    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    private string Report
    {
        get
        {
            var path = Path.Combine(folder.Path, "report.json");
            if (!File.Exists(path)) File.WriteAllText(path, new JsonReportExporter().Export(ReportRoundTripTests.Sample()));
            return path;
        }
    }

    [Fact]
    public async Task Badge_out_on_a_device_node_is_refused_and_the_node_stays_a_device()
    {
        if (!OperatingSystem.IsLinux()) return;
        // A node like /dev/null (character device 1:3), made here so that a broken rule could not replace the machine's own.
        var node = Path.Combine(folder.Path, "null");
        await Mknod(node);

        var (exit, stdout, stderr) = await Run(["badge", "--in", Report, "--binding", "torchsharp", "--out", node]);

        exit.Should().Be(2);
        stdout.Should().BeEmpty();
        stderr.Should().Be($"error: --out {node} is a character device, not a regular file; outputs never replace one\n");
        FileKinds.Of(node).Should().Be(FileKind.CharacterDevice);
    }

    [Fact]
    public async Task Badge_out_on_dev_null_is_refused_and_dev_null_stays_a_device()
    {
        if (!OperatingSystem.IsLinux()) return;

        var (exit, _, stderr) = await Run(["badge", "--in", Report, "--binding", "torchsharp", "--out", "/dev/null"]);

        exit.Should().Be(2);
        stderr.Should().Be("error: --out /dev/null is a character device, not a regular file; outputs never replace one\n");
        FileKinds.Of("/dev/null").Should().Be(FileKind.CharacterDevice);
    }

    [Fact]
    public async Task Badge_out_on_a_fifo_is_refused_at_once_and_the_fifo_stays()
    {
        if (!OperatingSystem.IsLinux()) return;
        var fifo = Path.Combine(folder.Path, "badge.svg");
        SpecialFiles.MakeFifo(fifo);

        var (exit, _, stderr) = await Run(["badge", "--in", Report, "--binding", "torchsharp", "--out", fifo]);

        exit.Should().Be(2);
        stderr.Should().Be($"error: --out {fifo} is a FIFO (named pipe), not a regular file; outputs never replace one\n");
        FileKinds.Of(fifo).Should().Be(FileKind.Fifo);
    }

    [Fact]
    public async Task Badge_out_on_a_link_writes_its_target_and_keeps_the_link()
    {
        var target = Path.Combine(folder.Path, "site", "badge.svg");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllText(target, "stale");
        var link = Path.Combine(folder.Path, "badge.svg");
        File.CreateSymbolicLink(link, target);

        var (exit, _, stderr) = await Run(["badge", "--in", Report, "--binding", "torchsharp", "--out", link]);

        exit.Should().Be(0, stderr);
        new FileInfo(link).LinkTarget.Should().Be(target, "the link is followed, never replaced");
        File.ReadAllText(target).Should().StartWith("<svg");
    }

    [Fact]
    public async Task Badge_out_on_a_dangling_link_is_refused()
    {
        var link = Path.Combine(folder.Path, "badge.svg");
        File.CreateSymbolicLink(link, Path.Combine(folder.Path, "nowhere", "badge.svg"));

        var (exit, _, stderr) = await Run(["badge", "--in", Report, "--binding", "torchsharp", "--out", link]);

        exit.Should().Be(2);
        stderr.Should().Be($"error: --out {link} is a symbolic link to {Path.Combine(folder.Path, "nowhere", "badge.svg")}, which does not exist; " +
                           "outputs follow links only to regular files\n");
        new FileInfo(link).LinkTarget.Should().NotBeNull();
    }

    [Fact]
    public async Task Replicate_json_on_a_device_node_is_refused()
    {
        if (!OperatingSystem.IsLinux()) return;
        var node = Path.Combine(folder.Path, "null");
        await Mknod(node);

        var (exit, _, stderr) = await Run(["replicate", "--json", node]);

        exit.Should().Be(2);
        stderr.Should().Be($"error: --json {node} is a character device, not a regular file; outputs never replace one\n");
        FileKinds.Of(node).Should().Be(FileKind.CharacterDevice);
    }

    [Fact]
    public async Task A_run_into_a_folder_holding_a_finished_report_refuses_and_the_report_stays()
    {
        var output = Path.Combine(folder.Path, "out");
        Directory.CreateDirectory(output);
        new ReportWriter(output).Write(ReportRoundTripTests.Sample());
        var before = File.ReadAllText(Path.Combine(output, "report.json"));

        var (exit, stdout, stderr) = await Run(["run", "--out", output, "--models", "LeNet1"]);

        exit.Should().Be(2);
        stdout.Should().BeEmpty();
        stderr.Should().Be($"error: {output} holds an earlier run's report.json; give another --out, or --force to replace it\n");
        File.ReadAllText(Path.Combine(output, "report.json")).Should().Be(before);
    }

    [Fact]
    public async Task A_sensitivity_study_into_a_folder_holding_one_refuses()
    {
        var output = Path.Combine(folder.Path, "sensitivity");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "sensitivity.json"), "{}");

        var (exit, _, stderr) = await Run(["sensitivity", "--out", output]);

        exit.Should().Be(2);
        stderr.Should().Be($"error: {output} holds an earlier run's sensitivity.json; give another --out, or --force to replace it\n");
        File.ReadAllText(Path.Combine(output, "sensitivity.json")).Should().Be("{}");
    }

    private static async Task Mknod(string path)
    {
        using var mknod = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("mknod", [path, "c", "1", "3"]) { UseShellExecute = false })!;
        await mknod.WaitForExitAsync();
        mknod.ExitCode.Should().Be(0, "the test makes a device node, which needs root (CI runs as root)");
    }

    private static OracleRegistry Unreachable() => throw new InvalidOperationException("the command must stop before it builds a registry");

    private static async Task<(int Exit, string Stdout, string Stderr)> Run(string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        ICommand[] commands = [new BadgeCommand(), new ReplicateCommand(), new RunCommand(Unreachable), new SensitivityCommand(Unreachable)];
        var exit = await CommandDispatcher.RunAsync(commands, args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
