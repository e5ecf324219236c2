using System.Globalization;
using System.Text.Json;
using BindingConformance.Statistics;

namespace BindingConformance.Cli.Commands;

/// <summary>
/// <c>conformance stats</c>: the statistics core on comma-separated numbers,
/// one JSON object on stdout.
/// </summary>
public sealed class StatsCommand : ICommand
{
    public string Name => "stats";

    public string Usage =>
        "stats mwu --x … --y … [--alternative two-sided|less|greater] | cliffs-delta --x … --y … | " +
        "dtw --a … --b … [--radius R] | bonferroni --p … [--alpha A]";

    public string Summary => "Mann-Whitney U, Cliff's delta, DTW and Bonferroni on numbers given inline (JSON out)";

    public Task<int> RunAsync(CommandArgs args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (args.Positional.Count != 1)
            throw new UsageException($"expected exactly one statistic: {Usage}");
        object result;
        try
        {
            result = args.Positional[0] switch
            {
                "mwu" => MannWhitney(args),
                "cliffs-delta" => Cliff(args),
                "dtw" => Dtw(args),
                "bonferroni" => BonferroniAdjust(args),
                var other => throw new UsageException($"unknown statistic '{other}'; {Usage}"),
            };
        }
        catch (ArgumentException e)
        {
            // The statistics validate their inputs; on the command line that is a usage error, without .NET's
            // "(Parameter 'name')" suffix.
            var message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
            throw new UsageException(message);
        }
        stdout.WriteLine(JsonSerializer.Serialize(result));
        return Task.FromResult(0);
    }

    private static object MannWhitney(CommandArgs args)
    {
        var x = args.Numbers("x");
        var y = args.Numbers("y");
        var alternative = args.Option("alternative") switch
        {
            null or "two-sided" => Alternative.TwoSided,
            "less" => Alternative.Less,
            "greater" => Alternative.Greater,
            var other => throw new UsageException($"--alternative must be two-sided, less or greater (got '{other}')"),
        };
        args.EnsureAllUsed();
        var test = MannWhitneyU.Test(x, y, alternative);
        return new { u = test.U, p = test.PValue, method = test.Method == MannWhitneyMethod.Exact ? "exact" : "asymptotic" };
    }

    private static object Cliff(CommandArgs args)
    {
        var x = args.Numbers("x");
        var y = args.Numbers("y");
        args.EnsureAllUsed();
        var effect = CliffsDelta.Compute(x, y);
        return new { delta = effect.Delta, magnitude = effect.Magnitude.ToString().ToLowerInvariant() };
    }

    private static object Dtw(CommandArgs args)
    {
        var a = args.Numbers("a");
        var b = args.Numbers("b");
        var radiusText = args.Option("radius");
        args.EnsureAllUsed();
        DtwResult dtw;
        if (radiusText is null) dtw = DynamicTimeWarping.Exact(a, b);
        else if (int.TryParse(radiusText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var radius) && radius >= 1) dtw = DynamicTimeWarping.Fast(a, b, radius);
        else throw new UsageException($"--radius must be an integer of at least 1 (got '{radiusText}')");
        return new { distance = dtw.Distance, normalized = dtw.NormalizedDistance };
    }

    private static object BonferroniAdjust(CommandArgs args)
    {
        var p = args.Numbers("p");
        var alpha = args.Double("alpha", 0.05);
        args.EnsureAllUsed();
        var result = Bonferroni.Adjust(p, alpha);
        return new { adjusted = result.Adjusted, reject = result.Reject };
    }
}
