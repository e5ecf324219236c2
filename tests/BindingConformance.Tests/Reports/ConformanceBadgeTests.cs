using System.Xml.Linq;
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

        ConformanceBadge.For(skippedOnly, "torchsharp").Should().Be(new ConformanceBadge("torchsharp conformance", "unavailable", "#9f9f9f"));
    }

    [Fact]
    public void Time_cost_measurements_do_not_count_towards_the_badge()
    {
        var report = ReportRoundTripTests.Sample();
        var withTimeCost = report with
        {
            Cells =
            [
                .. report.Cells,
                new CellResult(MeasurementSuites.TimeCost, "LeNet1", "torchsharp", "cpu", "training", CellOutcome.Passed, null, []),
                new CellResult(MeasurementSuites.TimeCost, "LeNet1", "torchsharp", "cpu", "inference", CellOutcome.Passed, null, []),
            ],
        };

        ConformanceBadge.For(withTimeCost, "torchsharp").Message.Should().Be("1/2 passed", "speed is a finding, not conformance");
    }

    [Fact]
    public void The_svg_is_well_formed_xml_with_an_accessible_label()
    {
        var svg = XDocument.Parse(new ConformanceBadge("tfjs <js> conformance", "3/3 passed", "#4c1").ToSvg());

        svg.Root!.Attribute("aria-label")!.Value.Should().Be("tfjs <js> conformance: 3/3 passed");
    }
}
