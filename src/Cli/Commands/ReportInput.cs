using BindingConformance.IO;
using BindingConformance.Reports;

namespace BindingConformance.Cli.Commands;

/// <summary>Reads a report given on the command line, turning a missing or malformed file into a usage error.</summary>
internal static class ReportInput
{
    public static RunReport Read(string path)
    {
        if (Directory.Exists(path)) path = Path.Combine(path, "report.json");
        if (FileKinds.Of(path) == FileKind.Missing) throw new UsageException($"no report at {path}");
        // Checked before opening: a FIFO would block the command for ever.
        if (FileKinds.WhyNotInputFile(path) is { } why) throw new UsageException(why);
        try
        {
            return RunReportReader.Read(path);
        }
        catch (InvalidDataException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
