using BindingConformance.IO;

namespace BindingConformance.Reports;

/// <summary>Writes every exporter's file into the output folder atomically; called after each cell so a crash loses nothing recorded.</summary>
public sealed class ReportWriter(string outputDirectory, IReadOnlyList<IReportExporter> exporters)
{
    public ReportWriter(string outputDirectory) : this(outputDirectory, [new JsonReportExporter(), new MarkdownReportExporter()]) { }

    public IEnumerable<string> Files => exporters.Select(e => Path.Combine(outputDirectory, e.FileName));

    public void Write(RunReport report)
    {
        foreach (var exporter in exporters)
            AtomicFile.WriteAllText(Path.Combine(outputDirectory, exporter.FileName), exporter.Export(report));
    }
}
