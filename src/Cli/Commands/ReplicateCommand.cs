using BindingConformance.IO;
using BindingConformance.Replication;

namespace BindingConformance.Cli.Commands;

/// <summary>
/// <c>conformance replicate</c>: re-runs the bindings study's analysis over a results folder in its layout,
/// by default the study's own published results in the checkout; Markdown table on stdout, rows as JSON in OUT.
/// </summary>
public sealed class ReplicateCommand : ICommand
{
    public string Name => "replicate";

    public string Usage => "replicate [--data DIR] [--json OUT]";

    public string Summary =>
        "reproduce the bindings study's statistics from its published results (reference/cmpmlbindings/data), or from --data DIR in its layout";

    public Task<int> RunAsync(CommandArgs args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var data = args.Option("data") ?? StudyResultsReader.PublishedData;
        var jsonPath = args.OutputFile("json");
        args.EnsureAllUsed();

        IReadOnlyList<ReplicationRow> rows;
        try
        {
            rows = ReplicationAnalysis.Analyze(StudyResultsReader.Read(data));
        }
        catch (Exception e) when (e is DirectoryNotFoundException or InvalidDataException or System.Text.Json.JsonException)
        {
            throw new UsageException(e.Message);
        }

        ReplicationMarkdownExporter.Export(rows, stdout);
        if (jsonPath is not null)
            AtomicFile.Write(jsonPath, file => ReplicationJsonExporter.Export(rows, file));
        return Task.FromResult(0);
    }
}
