using BindingConformance.Cli;
using BindingConformance.Cli.Commands;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Cli;

public sealed class CommandDispatcherTests
{
    [Theory]
    [InlineData(new[] { "nosuch" }, "error: unknown command 'nosuch'; known: report, badge")]
    [InlineData(new[] { "report" }, "error: missing required option --in")]
    [InlineData(new[] { "report", "--in", "/nonexistent/report.json" }, "error: no report at /nonexistent/report.json")]
    [InlineData(new[] { "badge", "--in", "x", "--binding", "torchsharp", "--colour", "red" }, "error: unknown option: --colour")]
    [InlineData(new[] { "report", "--in", "a", "--in", "b" }, "error: --in given twice")]
    public async Task Bad_usage_exits_2_with_one_clear_line(string[] args, string expected)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        var exit = await CommandDispatcher.RunAsync([new ReportCommand(), new BadgeCommand()], args, stdout, stderr);

        exit.Should().Be(2);
        stderr.ToString().TrimEnd().Should().Be(expected);
        stdout.ToString().Should().BeEmpty();
    }
}
