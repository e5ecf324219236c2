using BindingConformance.History;

namespace BindingConformance.Cli.Commands;

/// <summary>
/// <c>conformance diff OLD NEW</c>: the cells whose outcome or findings changed between two runs (<see cref="RunDiff"/>), and
/// the bindings whose version changed. Exit 0 when no cell changed, 1 when one did, 2 on bad input.
/// </summary>
public sealed class DiffCommand : ICommand
{
    public string Name => "diff";

    public string Usage => "diff OLD NEW [--verdicts-only]   (each a run's folder or its report.json)";

    public string Summary => "list the cells whose outcome or key findings changed between two runs (a binding release against the last); exit 1 when any did; " +
                             "--verdicts-only leaves out the time cells' findings, which can flip between two runs on a busy machine";

    public Task<int> RunAsync(CommandArgs args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var reports = args.Positional;
        var verdictsOnly = args.Flag("verdicts-only");
        args.EnsureAllUsed();
        if (reports.Count != 2) throw new UsageException($"diff needs two reports, OLD and NEW (got {reports.Count})");
        RunDiff diff;
        try
        {
            diff = RunDiff.Between(ReportInput.Read(reports[0]), ReportInput.Read(reports[1]));
            if (verdictsOnly) diff = diff.Verdicts();
        }
        catch (InvalidDataException e)
        {
            throw new UsageException(e.Message);
        }
        stdout.Write(diff.ToText());
        return Task.FromResult(diff.Changed ? 1 : 0);
    }
}
