using System.Text.Json.Nodes;
using BindingConformance.Cells;
using BindingConformance.Kinds.Evaluation;
using BindingConformance.Kinds.Training;
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
                ["engine"] = "libtorch", ["engine_version"] = "2.10.0", ["devices"] = new JsonArray("cpu"), ["reason"] = null, ["absent_devices"] = new JsonObject { ["cuda"] = "libtorch 2.10.0 here is CPU-only" },
            },
            new JsonObject
            {
                ["id"] = "tch-rs", ["framework"] = "pytorch", ["language"] = "rust", ["available"] = false, ["version"] = null,
                ["devices"] = new JsonArray(), ["reason"] = "the tch-rs worker is not built",
            },
        ],
        [
            new CellResult(new CellKey(TrainingKind.Instance, "LeNet1", "torchsharp", "cpu"), CellOutcome.Passed, null)
            {
                Metrics = new(new JsonObject { ["final_test_accuracy"] = 0.95, ["seeds"] = 1, ["train_accuracy"] = new JsonArray(0.8, 0.9) }),
            },
            CellResult.Skipped(new CellKey(TrainingKind.Instance, "LeNet1", "torchsharp", "cuda"), "CUDA not available for torchsharp: no CUDA device or no CUDA build of this binding"),
            CellResult.Failed(new CellKey(CrossLoadKind.Instance, "LeNet1", "torchsharp", "cpu") { Source = "pytorch-python", Format = "torchscript_traced" },
                "correct predictions differ | pass 1") with { Blame = new Blame("torchsharp", "it does not reproduce its own trained model either") },
        ]) { Complete = true };

    [Fact]
    public void Json_report_reads_back_into_the_same_cells()
    {
        var report = Sample();
        new ReportWriter(directory).Write(report);

        var read = RunReportReader.Read(Path.Combine(directory, "report.json"));

        read.Tier.Should().Be("smoke");
        read.StartedAt.Should().Be(report.StartedAt);
        read.Complete.Should().BeTrue();
        read.Cells.Should().BeEquivalentTo(report.Cells, o => o.ComparingByMembers<CellResult>().Excluding(c => c.Metrics));
        read.Cells.Select(c => c.Key).Should().Equal(report.Cells.Select(c => c.Key), "every coordinate and the kind read back typed");
        read.Cells[2].Blame.Should().Be(new Blame("torchsharp", "it does not reproduce its own trained model either"));
        read.Cells[0].Metrics["train_accuracy"]!.AsArray().Select(v => v!.GetValue<double>()).Should().Equal(0.8, 0.9);
    }

    [Fact]
    public void Json_report_has_one_entry_per_cell_with_the_documented_keys()
    {
        var json = JsonNode.Parse(new JsonReportExporter().Export(Sample()))!;

        json["schema_version"]!.GetValue<int>().Should().Be(JsonReportExporter.SchemaVersion);
        json["complete"]!.GetValue<bool>().Should().BeTrue();
        json["summary"]!["passed"]!.GetValue<int>().Should().Be(1);
        json["summary"]!["skipped"]!.GetValue<int>().Should().Be(1);
        json["summary"]!["verdict_cells"]!["failed"]!.GetValue<int>().Should().Be(1);
        var cell = json["cells"]!.AsArray()[1]!.AsObject();
        cell.Select(p => p.Key).Should().Contain(["kind", "role", "subject", "source", "binding", "device", "mode", "format", "backend", "outcome", "reason", "rules", "repro", "metrics"]);
        cell["kind"]!.GetValue<string>().Should().Be("training");
        cell["role"]!.GetValue<string>().Should().Be("verdict");
        cell["outcome"]!.GetValue<string>().Should().Be("skipped");
        cell["reason"]!.GetValue<string>().Should().StartWith("CUDA not available");
    }

    [Fact]
    public void Markdown_report_has_a_row_per_cell_and_escapes_pipes_in_reasons()
    {
        var md = new MarkdownReportExporter().Export(Sample());

        md.Should().Contain("1 passed, 1 failed, 1 skipped");
        md.Should().Contain("| LeNet1 | torchsharp | cpu | passed | final_test_accuracy=0.95, seeds=1 |");
        md.Should().Contain("| LeNet1 | pytorch-python | torchsharp | cpu | torchscript_traced | **FAILED** |", "a load cell's row names its source and format");
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
                CellResult.Failed(new CellKey(TrainingKind.Instance, "<img src=x onerror=alert(1)>", "tfjs<script>alert(1)</script>", "cpu"),
                    "worker said <script>alert(2)</script> & stopped") with { Metrics = new(new JsonObject { ["file"] = "<b>model</b>" }) },
            ],
        };

        var md = new MarkdownReportExporter().Export(report);

        md.Should().NotContain("<script>").And.NotContain("<img").And.NotContain("<b>");
        md.Should().Contain("| &lt;img src=x onerror=alert(1)&gt; | tfjs&lt;script&gt;alert(1)&lt;/script&gt; | cpu | **FAILED** | " +
                            "file=&lt;b&gt;model&lt;/b&gt; | worker said &lt;script&gt;alert(2)&lt;/script&gt; &amp; stopped |");
    }

    [Fact]
    public void Markdown_bindings_table_says_why_a_binding_or_its_devices_are_missing()
    {
        var md = new MarkdownReportExporter().Export(Sample());

        md.Should().Contain("| binding | framework | language | available | version | engine | devices | reason |");
        md.Should().Contain("| torchsharp | pytorch | csharp | yes | 0.107.0 | libtorch 2.10.0 | cpu | cuda: libtorch 2.10.0 here is CPU-only |");
        md.Should().Contain("| tch-rs | pytorch | rust | no |  |  |  | the tch-rs worker is not built |", "a binding that does not say has no engine");
    }

    [Fact]
    public void A_truncated_report_is_rejected_with_the_file_name()
    {
        var path = Path.Combine(directory, "report.json");
        File.WriteAllText(path, new JsonReportExporter().Export(Sample())[..200]);

        var read = () => RunReportReader.Read(path);

        read.Should().Throw<InvalidDataException>().WithMessage($"{path} is not valid JSON*");
    }

    [Fact]
    public void Markdown_shares_one_row_among_cells_skipped_for_the_same_reason_and_json_keeps_every_cell()
    {
        const string why = "CUDA not available for torchsharp: the package is CPU-only";
        CellResult[] skipped =
        [
            .. from probe in new[] { "tensor-branch", "data-loop" }
               from mode in new[] { "traced", "scripted" }
               select CellResult.Skipped(new CellKey(Kinds.Hybridization.HazardKind.Instance, probe, "torchsharp", "cuda") { Mode = mode }, why),
            CellResult.Skipped(new CellKey(Kinds.Hybridization.HazardKind.Instance, "tensor-branch", "tfjs", "cuda") { Mode = "layers" }, "CUDA not available for tfjs"),
        ];
        var report = Sample() with { Cells = skipped };

        var md = new MarkdownReportExporter().Export(report);

        md.Should().Contain($"| * | torchsharp | cuda | * | skipped ×4 |  | {why} |")
            .And.Contain("| tensor-branch | tfjs | cuda | layers | skipped |  | CUDA not available for tfjs |");
        JsonNode.Parse(new JsonReportExporter().Export(report))!["cells"]!.AsArray().Should().HaveCount(5);
    }

    [Fact]
    public void A_report_of_an_older_release_or_another_schema_version_is_refused_in_one_line_that_says_what_to_do()
    {
        var path = Path.Combine(directory, "report.json");
        var json = JsonNode.Parse(new JsonReportExporter().Export(Sample()))!.AsObject();
        json.Remove("schema_version");
        File.WriteAllText(path, json.ToJsonString());

        var old = () => RunReportReader.Read(path);

        old.Should().Throw<InvalidDataException>().WithMessage($"{path} is not a conformance report this release reads: it has no schema_version: an older release wrote it; run conformance run again*");
        json["schema_version"] = 3;
        File.WriteAllText(path, json.ToJsonString());
        old.Should().Throw<InvalidDataException>().WithMessage("*it has schema_version 3; this release reads schema 2*");
    }

    [Fact]
    public void A_cell_of_an_unknown_kind_or_with_a_field_of_the_wrong_type_is_refused_naming_the_field()
    {
        var path = Path.Combine(directory, "report.json");
        var json = JsonNode.Parse(new JsonReportExporter().Export(Sample()))!.AsObject();
        json["cells"]![0]!["kind"] = "teleport";
        File.WriteAllText(path, json.ToJsonString());
        var read = () => RunReportReader.Read(path);
        read.Should().Throw<InvalidDataException>().WithMessage("*unknown cell kind 'teleport'; known: training, *");

        json["cells"]![0]!["kind"] = "training";
        json["cells"]![0]!["binding"] = 7;
        File.WriteAllText(path, json.ToJsonString());
        read.Should().Throw<InvalidDataException>().WithMessage("*cell 'binding' is number, not text");
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
