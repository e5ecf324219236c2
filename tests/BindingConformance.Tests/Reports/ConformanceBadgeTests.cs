using System.Xml.Linq;
using BindingConformance.Cells;
using BindingConformance.Reports;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Reports;

public sealed class ConformanceBadgeTests
{
    [Fact]
    public void A_binding_with_a_failed_cell_gets_a_red_badge_counting_cells_that_ran()
    {
        var badge = ConformanceBadge.For(ReportRoundTripTests.Sample(), "torchsharp");

        badge.Message.Should().Be("1/2 passed");
        badge.Color.Should().Be("#e05d44");
    }

    [Fact]
    public void A_binding_whose_cells_were_all_skipped_is_grey_and_says_unavailable()
    {
        var report = ReportRoundTripTests.Sample();
        var skippedOnly = report with { Cells = report.Cells.Where(c => c.Outcome == CellOutcome.Skipped).ToArray() };

        ConformanceBadge.For(skippedOnly, "torchsharp").Should().Be(new ConformanceBadge("torchsharp 0.107.0 conformance", "unavailable", "#9f9f9f"));
    }

    [Fact]
    public void Measurement_cells_of_every_kind_do_not_count_towards_the_badge()
    {
        var report = ReportRoundTripTests.Sample();
        var measurements = CellKinds.All.Where(k => k.Role == CellRole.Measurement).ToArray();
        var withMeasurements = report with
        {
            Cells =
            [
                .. report.Cells,
                .. measurements.Select(k => CellResult.Measured(new CellKey(k, "LeNet1", "torchsharp", "cpu") { Mode = k.Subject == SubjectAxis.Probe ? "traced" : null },
                    CellMetrics.Empty, null)),
            ],
        };

        measurements.Select(k => k.Name).Should().Contain(["training-time", "inference-time", "hybridization-time", "hybridization-training-time"]);
        ConformanceBadge.For(withMeasurements, "torchsharp").Message.Should().Be("1/2 passed", "speed is a finding, not conformance");
    }

    [Fact]
    public void An_incomplete_run_says_so_and_is_never_green()
    {
        var report = ReportRoundTripTests.Sample();
        var passedOnly = report with { Cells = report.Cells.Where(c => c.Outcome == CellOutcome.Passed).ToArray(), Complete = false };

        ConformanceBadge.For(passedOnly, "torchsharp").Should().Be(new ConformanceBadge("torchsharp 0.107.0 conformance", "1/1 passed (incomplete run)", "#dfb317"));
        ConformanceBadge.For(passedOnly with { Complete = true }, "torchsharp").Color.Should().Be("#4c1");
    }

    [Fact]
    public void The_badge_names_the_binding_release_the_run_probed_and_no_version_for_an_unavailable_binding()
    {
        var report = ReportRoundTripTests.Sample();

        ConformanceBadge.For(report, "torchsharp").Label.Should().Be("torchsharp 0.107.0 conformance", "the sample probed TorchSharp 0.107.0");
        ConformanceBadge.For(report, "tch-rs").Label.Should().Be("tch-rs conformance", "an unavailable binding has no version");
        ConformanceBadge.For(report, "pytorch-python").Label.Should().Be("pytorch-python conformance", "a binding named only by a cell was not probed");
    }

    [Fact]
    public void The_svg_is_well_formed_xml_with_an_accessible_label()
    {
        var svg = XDocument.Parse(new ConformanceBadge("tfjs <js> conformance", "3/3 passed", "#4c1").ToSvg());

        svg.Root!.Attribute("aria-label")!.Value.Should().Be("tfjs <js> conformance: 3/3 passed");
    }
}
