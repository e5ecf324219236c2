using BindingConformance.Reports;

namespace BindingConformance.Cli.Commands;

/// <summary><c>conformance report</c>: re-renders a run's report.</summary>
public sealed class ReportCommand : ICommand
{
    public string Name => "report";

    public string Usage => "report --in DIR/report.json [--format md|json]";

    public string Summary => "print a finished run's report.json as Markdown (or JSON)";

    public Task<int> RunAsync(CommandArgs args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var path = args.Required("in");
        IReportExporter exporter = (args.Option("format") ?? "md") switch
        {
            "md" => new MarkdownReportExporter(),
            "json" => new JsonReportExporter(),
            var other => throw new UsageException($"--format must be md or json (got '{other}')"),
        };
        args.EnsureAllUsed();
        stdout.Write(exporter.Export(ReportInput.Read(path)));
        return Task.FromResult(0);
    }
}
