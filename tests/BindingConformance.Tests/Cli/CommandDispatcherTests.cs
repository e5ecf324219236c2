using BindingConformance.Cli;
using BindingConformance.Cli.Commands;
using BindingConformance.Oracles;
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

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_after_a_command_prints_its_usage_and_summary_and_runs_nothing(string flag)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        var exit = await CommandDispatcher.RunAsync([new ReportCommand(), new BadgeCommand()], ["badge", flag], stdout, stderr);

        exit.Should().Be(0);
        stdout.ToString().Should().StartWith("usage: conformance badge --in DIR/report.json --binding ID [--out FILE.svg]")
            .And.Contain("write an SVG conformance badge");
        stderr.ToString().Should().BeEmpty("no required option was asked for");
    }

    [Theory]
    [InlineData("doctor")]
    [InlineData("run")]
    [InlineData("report", "--in", "report.json")]
    [InlineData("badge", "--in", "report.json", "--binding", "torchsharp")]
    [InlineData("replicate")]
    [InlineData("approve")]
    public async Task Every_command_rejects_a_word_it_does_not_take(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Func<OracleRegistry> unreachable = () => throw new InvalidOperationException("the command must stop before it builds a registry");
        ICommand[] commands =
            [new DoctorCommand(unreachable), new RunCommand(unreachable), new ReportCommand(), new BadgeCommand(), new ReplicateCommand(), new ApproveCommand()];

        var exit = await CommandDispatcher.RunAsync(commands, [.. args, "extra"], stdout, stderr);

        exit.Should().Be(2);
        stderr.ToString().TrimEnd().Should().Be("error: unexpected argument 'extra'");
        stdout.ToString().Should().BeEmpty();
    }

    [Fact]
    public void Every_commands_usage_starts_with_its_name()
    {
        ICommand[] commands =
            [new DoctorCommand(), new RunCommand(), new ReportCommand(), new BadgeCommand(), new StatsCommand(), new ReplicateCommand(), new ApproveCommand(), new SensitivityCommand()];

        commands.Should().OnlyContain(c => c.Usage == c.Name || c.Usage.StartsWith(c.Name + " "));
    }

    [Fact]
    public async Task An_internal_error_exits_70_with_one_line_and_its_stack_trace_in_a_file()
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        var exit = await CommandDispatcher.RunAsync([new ThrowingCommand()], ["throw"], stdout, stderr);

        exit.Should().Be(CommandDispatcher.InternalError).And.Be(70);
        var line = stderr.ToString().TrimEnd();
        line.Should().StartWith("error: conformance throw stopped by an internal error (InvalidOperationException: tensor 'bn1.num_batches_tracked' is I64, not F32 ")
            .And.NotContain("\n").And.NotContain("   at ");
        var details = line[(line.IndexOf("details for a bug report: ", StringComparison.Ordinal) + "details for a bug report: ".Length)..];
        try
        {
            File.ReadAllText(details).Should().Contain(nameof(ThrowingCommand.RunAsync), "the file keeps the stack trace");
        }
        finally
        {
            File.Delete(details);
        }
    }

    private sealed class ThrowingCommand : ICommand
    {
        public string Name => "throw";
        public string Summary => "throws what a defect would";
        public string Usage => "throw";

        public Task<int> RunAsync(CommandArgs args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("tensor 'bn1.num_batches_tracked' is I64, not F32\nsecond line");
    }
}
