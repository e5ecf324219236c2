using System.Text.Json;
using BindingConformance.Cli;
using BindingConformance.Cli.Commands;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Statistics;

public sealed class StatsCommandTests
{
    private static async Task<(int ExitCode, string Stdout, string Stderr)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CommandDispatcher.RunAsync([new StatsCommand()], args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Mwu_prints_u_p_and_method()
    {
        // scipy 1.10.1: mannwhitneyu([1,2,3,4,5], [6,7,8,9,10]) -> (0.0, 0.007936507936507936)
        var (code, stdout, _) = await Run("stats", "mwu", "--x", "1,2,3,4,5", "--y", "6,7,8,9,10");

        code.Should().Be(0);
        using var json = JsonDocument.Parse(stdout);
        json.RootElement.GetProperty("u").GetDouble().Should().Be(0);
        json.RootElement.GetProperty("p").GetDouble().ShouldAgree(0.007936507936507936);
        json.RootElement.GetProperty("method").GetString().Should().Be("exact");
    }

    [Fact]
    public async Task Mwu_with_ties_and_alternative_is_asymptotic()
    {
        // scipy 1.10.1: mannwhitneyu([1,2,2,3,4], [2,3,5,6,7,7], alternative='less') -> (4.5, 0.03207330936720219)
        var (code, stdout, _) = await Run("stats", "mwu", "--x", "1,2,2,3,4", "--y", "2,3,5,6,7,7", "--alternative", "less");

        code.Should().Be(0);
        using var json = JsonDocument.Parse(stdout);
        json.RootElement.GetProperty("u").GetDouble().Should().Be(4.5);
        json.RootElement.GetProperty("p").GetDouble().ShouldAgree(0.03207330936720219);
        json.RootElement.GetProperty("method").GetString().Should().Be("asymptotic");
    }

    [Fact]
    public async Task Cliffs_delta_prints_delta_and_magnitude()
    {
        // numpy: np.sign(np.subtract.outer([0.2,1.5,1.5,3.0,4.1], [1.5,2.0,2.5,0.1])).mean() -> 0.2
        var (code, stdout, _) = await Run("stats", "cliffs-delta", "--x", "0.2,1.5,1.5,3.0,4.1", "--y", "1.5,2.0,2.5,0.1");

        code.Should().Be(0);
        using var json = JsonDocument.Parse(stdout);
        json.RootElement.GetProperty("delta").GetDouble().Should().BeApproximately(0.2, 1e-15);
        json.RootElement.GetProperty("magnitude").GetString().Should().Be("small");
    }

    [Fact]
    public async Task Dtw_exact_and_fast()
    {
        // Reference recurrence (see DynamicTimeWarpingTests) on a=[0,1,2,3,2,1], b=[0,2,3,1] -> 2.0
        var exact = await Run("stats", "dtw", "--a", "0,1,2,3,2,1", "--b", "0,2,3,1");
        // fastdtw 0.3.4 docstring: fastdtw([1,2,3,4,5], [2,3,4]) -> 2.0
        var fast = await Run("stats", "dtw", "--a", "1,2,3,4,5", "--b", "2,3,4", "--radius", "1");

        exact.ExitCode.Should().Be(0);
        using var exactJson = JsonDocument.Parse(exact.Stdout);
        exactJson.RootElement.GetProperty("distance").GetDouble().Should().Be(2.0);
        exactJson.RootElement.GetProperty("normalized").GetDouble().Should().Be(2.0 / 6);
        fast.ExitCode.Should().Be(0);
        using var fastJson = JsonDocument.Parse(fast.Stdout);
        fastJson.RootElement.GetProperty("distance").GetDouble().Should().Be(2.0);
        fastJson.RootElement.GetProperty("normalized").GetDouble().Should().Be(2.0 / 5);
    }

    [Fact]
    public async Task Bonferroni_prints_adjusted_and_reject()
    {
        // R p.adjust(c(0.01, 0.2), "bonferroni") = pmin(1, 2 * p) = (0.02, 0.4); reject where p <= 0.05 / 2
        var (code, stdout, _) = await Run("stats", "bonferroni", "--p", "0.01,0.2", "--alpha", "0.05");

        code.Should().Be(0);
        using var json = JsonDocument.Parse(stdout);
        json.RootElement.GetProperty("adjusted").EnumerateArray().Select(e => e.GetDouble()).Should().Equal(0.02, 0.4);
        json.RootElement.GetProperty("reject").EnumerateArray().Select(e => e.GetBoolean()).Should().Equal(true, false);
    }

    [Theory]
    [InlineData("--x|''|--y|1", "--x is empty; give a value")]
    [InlineData("--x|1,nan|--y|1", "--x: 'nan' is not a finite number")]
    [InlineData("--x|1,abc|--y|1", "--x: 'abc' is not a number")]
    [InlineData("--x|1,2", "missing required option --y")]
    [InlineData("--x|1|--y|2|--alternative|bigger", "--alternative must be two-sided, less or greater (got 'bigger')")]
    [InlineData("--x|1|--y|2|--radius|1", "unknown option: --radius")]
    public async Task Bad_mwu_input_exits_2_with_one_line(string joinedArgs, string message)
    {
        var args = new[] { "stats", "mwu" }.Concat(joinedArgs.Split('|').Select(a => a == "''" ? "" : a)).ToArray();

        var (code, stdout, stderr) = await Run(args);

        code.Should().Be(2);
        stdout.Should().BeEmpty();
        stderr.Trim().Should().Be("error: " + message);
    }

    [Theory]
    [InlineData("dtw|--a|1,2|--b|3|--radius|0", "--radius must be an integer of at least 1 (got '0')")]
    [InlineData("bonferroni|--p|0.3,1.2", "p-value #1 is 1.2; p-values lie in [0, 1]")]
    [InlineData("median|--x|1", "unknown statistic 'median'; stats mwu --x … --y … [--alternative two-sided|less|greater] | cliffs-delta --x … --y … | dtw --a … --b … [--radius R] | bonferroni --p … [--alpha A]")]
    public async Task Other_bad_input_exits_2(string joinedArgs, string message)
    {
        var (code, _, stderr) = await Run(new[] { "stats" }.Concat(joinedArgs.Split('|')).ToArray());

        code.Should().Be(2);
        stderr.Trim().Should().Be("error: " + message);
    }
}
