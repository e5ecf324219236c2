using System.Text.Json.Nodes;
using BindingConformance.Cli;
using BindingConformance.Cli.Commands;
using BindingConformance.Reports;
using BindingConformance.Tests.Reports;
using BindingConformance.Tests.Snapshots;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Cli;

/// <summary><c>report</c> and <c>badge</c> on reports and paths a user might hand them: one error line each, never a stack trace or a silent success.</summary>
public sealed class ReportInputCommandTests : IDisposable
{
    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData("[null]", "report 'cells' item 0 is null, not an object")]
    [InlineData("null", "report has no 'cells'")]
    [InlineData("{}", "report 'cells' is object, not an array")]
    public async Task A_report_with_malformed_cells_is_rejected_rather_than_rendered(string cells, string cause)
    {
        var path = WriteReport(json => json["cells"] = JsonNode.Parse(cells));

        var (exit, stdout, stderr) = await Run("report", "--in", path);

        exit.Should().Be(2);
        stderr.Should().Be($"error: {path} is not a conformance report this release reads: {cause}\n");
        stdout.Should().BeEmpty("a report without its cells must not render as \"0 passed\"");
    }

    [Fact]
    public async Task A_badge_for_a_binding_not_in_the_report_names_the_bindings_that_are()
    {
        var path = WriteReport(_ => { });

        var (exit, stdout, stderr) = await Run("badge", "--in", path, "--binding", "nosuch");

        exit.Should().Be(2);
        stderr.Should().Be("error: binding 'nosuch' is not in the report; it has: pytorch-python, tch-rs, torchsharp\n");
        stdout.Should().BeEmpty();
    }

    [Fact]
    public async Task A_badge_out_naming_a_folder_is_a_usage_error()
    {
        var path = WriteReport(_ => { });

        var (exit, _, stderr) = await Run("badge", "--in", path, "--binding", "torchsharp", "--out", folder.Path);

        exit.Should().Be(2);
        stderr.Should().Be($"error: --out {folder.Path} is a folder; give a file name\n");
    }

    [Fact]
    public async Task A_badge_is_written_for_a_binding_that_is_only_a_cross_load_source()
    {
        var path = WriteReport(_ => { });
        var svg = Path.Combine(folder.Path, "badge.svg");

        var (exit, stdout, _) = await Run("badge", "--in", path, "--binding", "pytorch-python", "--out", svg);

        exit.Should().Be(0);
        stdout.Should().Be($"{svg}: pytorch-python conformance: no cells\n");
        File.ReadAllText(svg).Should().StartWith("<svg");
    }

    private string WriteReport(Action<JsonObject> change)
    {
        var json = JsonNode.Parse(new JsonReportExporter().Export(ReportRoundTripTests.Sample()))!.AsObject();
        change(json);
        var path = Path.Combine(folder.Path, "report.json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> Run(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exit = await CommandDispatcher.RunAsync([new ReportCommand(), new BadgeCommand()], args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
