using BindingConformance.Reports;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Reports;

/// <summary>Text from a run or a file shown literally in Markdown: a code span or block it cannot close, HTML it cannot open.</summary>
public sealed class MarkdownTextTests
{
    [Theory]
    [InlineData("conv1", "`conv1`")]
    [InlineData("a`b", "``a`b``")]
    [InlineData("``x", "``` ``x ```")]
    [InlineData("line\nbreak", "`line break`")]
    [InlineData("<script>", "`<script>`")] // inside a code span HTML is text
    public void A_code_span_is_fenced_longer_than_any_backtick_run_inside_and_stays_on_one_line(string text, string span) =>
        MarkdownText.Code(text).Should().Be(span);

    [Fact]
    public void A_block_cannot_be_closed_by_a_fence_inside_its_text()
    {
        var block = MarkdownText.Block("a\n```\n# not a heading\n````x", "sh");

        block.Should().Be("`````sh\na\n```\n# not a heading\n````x\n`````\n");
    }

    [Fact]
    public void Escape_keeps_html_and_table_breaks_out_of_a_cell() =>
        MarkdownText.Escape("<b>x</b> | y\nz &").Should().Be("&lt;b&gt;x&lt;/b&gt; \\| y z &amp;");
}
