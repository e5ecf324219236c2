using BindingConformance.Reports;
using BindingConformance.Reports.Html;

namespace BindingConformance.Cli.Commands;

/// <summary><c>conformance report</c>: re-renders a run's report.</summary>
public sealed class ReportCommand : ICommand
{
    public string Name => "report";

    public string Usage => "report --in DIR/report.json [--format md|json|html] [--against OLD/report.json]";

    public string Summary => "print a finished run's report.json as Markdown, JSON or HTML (with --against, the HTML lists what changed since the older run)";

    public Task<int> RunAsync(CommandArgs args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var path = args.Required("in");
        var format = args.Option("format") ?? "md";
        var against = args.Option("against");
        args.EnsureAllUsed();
        if (against is not null && format != "html") throw new UsageException("--against lists changes in the HTML report only: add --format html");
        IReportExporter exporter = format switch
        {
            "md" => new MarkdownReportExporter(),
            "json" => new JsonReportExporter(),
            "html" => new HtmlReportExporter(against is null ? null : ReportInput.Read(against)),
            var other => throw new UsageException($"--format must be md, json or html (got '{other}')"),
        };
        try
        {
            stdout.Write(exporter.Export(ReportInput.Read(path)));
        }
        catch (InvalidDataException e)
        {
            throw new UsageException(e.Message);
        }
        return Task.FromResult(0);
    }
}
