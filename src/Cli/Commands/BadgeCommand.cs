using BindingConformance.IO;
using BindingConformance.Reports;

namespace BindingConformance.Cli.Commands;

/// <summary><c>conformance badge</c>: a conformance badge for a release.</summary>
public sealed class BadgeCommand : ICommand
{
    public string Name => "badge";

    public string Usage => "badge --in DIR/report.json --binding ID [--out FILE.svg]";

    public string Summary => "write an SVG conformance badge for one binding from a run's report.json";

    public Task<int> RunAsync(CommandArgs args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var path = args.Required("in");
        var binding = args.Required("binding");
        var output = args.OutputFile("out");
        args.EnsureAllUsed();

        ConformanceBadge badge;
        try
        {
            badge = ConformanceBadge.For(ReportInput.Read(path), binding);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        if (output is null) stdout.Write(badge.ToSvg());
        else
        {
            AtomicFile.WriteAllText(output, badge.ToSvg());
            stdout.WriteLine($"{output}: {badge.Label}: {badge.Message}");
        }
        return Task.FromResult(0);
    }
}
