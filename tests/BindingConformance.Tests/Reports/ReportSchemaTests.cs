using System.Text.Json.Nodes;
using BindingConformance.Cells;
using BindingConformance.Reports;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Reports;

/// <summary>report.json as a versioned contract: <c>docs/report.schema.json</c> names every kind the product has, and holds what the exporter writes.</summary>
public sealed class ReportSchemaTests
{
    [Fact]
    public void The_schema_lists_exactly_the_cell_kinds_the_product_has_and_the_version_it_writes()
    {
        var schema = JsonNode.Parse(File.ReadAllText(ReportSchema.File))!;

        schema["$defs"]!["cell"]!["properties"]!["kind"]!["enum"]!.AsArray().Select(k => k!.GetValue<string>())
            .Should().BeEquivalentTo(CellKinds.All.Select(k => k.Name));
        schema["properties"]!["schema_version"]!["const"]!.GetValue<int>().Should().Be(JsonReportExporter.SchemaVersion);
    }

    [Fact]
    public void The_sample_report_validates_and_a_report_missing_a_required_field_does_not()
    {
        var json = new JsonReportExporter().Export(ReportRoundTripTests.Sample());
        ReportSchema.ShouldValidate(json);

        var broken = JsonNode.Parse(json)!.AsObject();
        broken["cells"]![0]!.AsObject().Remove("outcome");
        var validate = () => ReportSchema.ShouldValidate(broken.ToJsonString());
        validate.Should().Throw<Exception>().WithMessage("*outcome*");
    }

    [Fact]
    public void A_measurement_cannot_fail_and_a_failed_cell_must_say_why()
    {
        var broken = JsonNode.Parse(new JsonReportExporter().Export(ReportRoundTripTests.Sample()))!.AsObject();
        broken["cells"]![2]!["reason"] = null;

        var validate = () => ReportSchema.ShouldValidate(broken.ToJsonString());

        validate.Should().Throw<Exception>("a failed cell without a reason is not a report");
    }
}
