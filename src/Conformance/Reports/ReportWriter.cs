using BindingConformance.IO;
using BindingConformance.Reports.Html;

namespace BindingConformance.Reports;

/// <summary>
/// Writes every exporter's file into the output folder atomically. The runner calls it after each cell, so a crash loses
/// nothing recorded; exporters that are slow to render (<see cref="IReportExporter.AfterEveryCell"/> false: the HTML
/// report's plots) are written only at milestones (a subject's cells all recorded, the end of the run).
/// </summary>
public sealed class ReportWriter(string outputDirectory, IReadOnlyList<IReportExporter> exporters)
{
    public ReportWriter(string outputDirectory) : this(outputDirectory, [new JsonReportExporter(), new MarkdownReportExporter(), new HtmlReportExporter()]) { }

    public IEnumerable<string> Files => exporters.Select(e => Path.Combine(outputDirectory, e.FileName));

    public void Write(RunReport report, bool milestone = true)
    {
        foreach (var exporter in exporters.Where(e => milestone || e.AfterEveryCell))
            AtomicFile.WriteAllText(Path.Combine(outputDirectory, exporter.FileName), exporter.Export(report));
    }
}
