using System.Text.Json.Nodes;
using BindingConformance.Reports;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Reports;

public sealed class ReportRoundTripTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("report-").FullName;

    public static RunReport Sample() => new(
        "smoke",
        new DateTimeOffset(2026, 11, 22, 21, 0, 0, TimeSpan.Zero),
        123.4,
        new JsonObject { ["os"] = "Debian GNU/Linux 12" },
        [
            new JsonObject
            {
                ["id"] = "torchsharp", ["framework"] = "pytorch", ["language"] = "csharp", ["available"] = true, ["version"] = "0.107.0",
                ["devices"] = new JsonArray("cpu"), ["reason"] = null, ["absent_devices"] = new JsonObject { ["cuda"] = "libtorch 2.10.0 here is CPU-only" },
            },
            new JsonObject
            {
                ["id"] = "tch-rs", ["framework"] = "pytorch", ["language"] = "rust", ["available"] = false, ["version"] = null,
                ["devices"] = new JsonArray(), ["reason"] = "the tch-rs worker is not built",
            },
        ],
        [
            new CellResult("training", "LeNet1", "torchsharp", "cpu", "eager", CellOutcome.Passed, null,
                new JsonObject { ["final_test_accuracy"] = 0.95, ["seeds"] = 1, ["train_accuracy"] = new JsonArray(0.8, 0.9) }),
            new CellResult("training", "LeNet1", "torchsharp", "cuda", "eager", CellOutcome.Skipped, "CUDA not available for torchsharp: no CUDA device or no CUDA build of this binding", []),
            new CellResult("cross-load", "LeNet1", "pytorch-python→torchsharp", "cpu", "torchscript_traced", CellOutcome.Failed, "correct predictions differ | pass 1", []),
        ]);

    [Fact]
    public void Json_report_reads_back_into_the_same_cells()
    {
        var report = Sample();
        new ReportWriter(directory).Write(report);

        var read = RunReportReader.Read(Path.Combine(directory, "report.json"));

        read.Tier.Should().Be("smoke");
        read.StartedAt.Should().Be(report.StartedAt);
        read.Cells.Select(c => (c.Name, c.Outcome, c.Reason)).Should().Equal(report.Cells.Select(c => (c.Name, c.Outcome, c.Reason)));
        read.Cells[0].Metrics["train_accuracy"]!.AsArray().Select(v => v!.GetValue<double>()).Should().Equal(0.8, 0.9);
    }

    [Fact]
    public void Json_report_has_one_entry_per_cell_with_the_documented_keys()
    {
        var json = JsonNode.Parse(new JsonReportExporter().Export(Sample()))!;

        json["summary"]!["passed"]!.GetValue<int>().Should().Be(1);
        json["summary"]!["skipped"]!.GetValue<int>().Should().Be(1);
        var cell = json["cells"]!.AsArray()[1]!.AsObject();
        cell.Select(p => p.Key).Should().Contain(["suite", "model", "binding", "device", "mode", "outcome", "reason", "metrics"]);
        cell["outcome"]!.GetValue<string>().Should().Be("skipped");
        cell["reason"]!.GetValue<string>().Should().StartWith("CUDA not available");
    }

    [Fact]
    public void Markdown_report_has_a_row_per_cell_and_escapes_pipes_in_reasons()
    {
        var md = new MarkdownReportExporter().Export(Sample());

        md.Should().Contain("1 passed, 1 failed, 1 skipped");
        md.Should().Contain("| LeNet1 | torchsharp | cpu | eager | passed | final_test_accuracy=0.95, seeds=1 |");
        md.Should().Contain("correct predictions differ \\| pass 1");
        md.Should().NotContain("train_accuracy=", "curves belong in report.json, not in the table");
    }

    [Fact]
    public void Markdown_report_escapes_raw_html_from_every_cell_field()
    {
        var report = Sample() with
        {
            Cells =
            [
                new CellResult("training", "<img src=x onerror=alert(1)>", "tfjs<script>alert(1)</script>", "cpu", "eager", CellOutcome.Failed,
                    "worker said <script>alert(2)</script> & stopped", new JsonObject { ["file"] = "<b>model</b>" }),
            ],
        };

        var md = new MarkdownReportExporter().Export(report);

        md.Should().NotContain("<script>").And.NotContain("<img").And.NotContain("<b>");
        md.Should().Contain("| &lt;img src=x onerror=alert(1)&gt; | tfjs&lt;script&gt;alert(1)&lt;/script&gt; | cpu | eager | **FAILED** | " +
                            "file=&lt;b&gt;model&lt;/b&gt; | worker said &lt;script&gt;alert(2)&lt;/script&gt; &amp; stopped |");
    }

    [Fact]
    public void Markdown_bindings_table_says_why_a_binding_or_its_devices_are_missing()
    {
        var md = new MarkdownReportExporter().Export(Sample());

        md.Should().Contain("| torchsharp | pytorch | csharp | yes | 0.107.0 | cpu | cuda: libtorch 2.10.0 here is CPU-only |");
        md.Should().Contain("| tch-rs | pytorch | rust | no |  |  | the tch-rs worker is not built |");
    }

    [Fact]
    public void A_truncated_report_is_rejected_with_the_file_name()
    {
        var path = Path.Combine(directory, "report.json");
        File.WriteAllText(path, new JsonReportExporter().Export(Sample())[..200]);

        var read = () => RunReportReader.Read(path);

        read.Should().Throw<InvalidDataException>().WithMessage($"{path} is not valid JSON*");
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
