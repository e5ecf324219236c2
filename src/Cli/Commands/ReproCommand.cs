using BindingConformance.Cells;
using BindingConformance.IO;
using BindingConformance.Kinds.Evaluation;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using BindingConformance.Repro;
using BindingConformance.Reports;
using BindingConformance.Verdicts;

namespace BindingConformance.Cli.Commands;

/// <summary>
/// <c>conformance repro</c>: rebuilds the repro bundle of one failed evaluation cell of a run's report folder
/// (<c>OUT/repro/&lt;cell&gt;/</c>), from the model files the run kept. Exit 0 once written, 2 on bad usage or input.
/// </summary>
public sealed class ReproCommand(Func<OracleRegistry> createRegistry) : ICommand
{
    public ReproCommand() : this(() => new DefaultOracleRegistry()) { }

    public string Name => "repro";

    public string Usage => "repro --in OUT --cell NAME";

    public string Summary => "rebuild the repro bundle (OUT/repro/<cell>/) of one failed cell of a run's report folder";

    public async Task<int> RunAsync(CommandArgs args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var input = Path.GetFullPath(args.Required("in"));
        var name = args.Required("cell");
        args.EnsureAllUsed();

        var report = ReportInput.Read(input);
        var folder = Directory.Exists(input) ? input : Path.GetDirectoryName(input)!;
        // A cell is named as in the report, or by its bundle's folder name.
        var cell = report.Cells.FirstOrDefault(c => c.Name == name || ReproBundle.DirectoryName(c.Key) == name)
                   ?? throw new UsageException($"no cell '{name}' in {Path.Combine(folder, "report.json")}; its failed cells: " +
                                               string.Join("; ", report.Cells.Where(c => c.Outcome == CellOutcome.Failed).Select(c => c.Name).DefaultIfEmpty("none")));
        if (cell.Outcome != CellOutcome.Failed) throw new UsageException($"{cell.Name} {cell.Outcome.ToString().ToLowerInvariant()}: there is nothing to reproduce");
        if (cell.Repro.Probe is not null)
            throw new UsageException($"{cell.Name}: an execution-mode cell's bundle is written by the run that judged it; " +
                                     "conformance reproduce re-runs it from its folder (docs/repro.md)");

        // A run writing into the folder would race with the bundle; the lock is the run's (docs/cli-errors-and-interruption.md).
        using var outputLock = OutputFolderLock.Acquire(folder);
        var registry = createRegistry();
        try
        {
            var c = cell.Repro.Forward
                    ?? throw new UsageException($"{cell.Name}: {cell.Repro.Missing ?? $"a {cell.Kind.Name} cell is not reproduced by a forward-pass comparison"}" +
                                                (cell.Kind.Bundles is null || cell.Repro.Probe is not null ? "" : " (a training cell's bundle is written by the run that trained it)"));
            // Recorded paths are read in this run folder (it may be a copy), and only files of the run are copied.
            c = c with { File = RunFolderFiles.Resolve(folder, c.File) };
            // A released version the run compared (mybinding@2.1.0) is added on request, as compare adds it.
            var named = registry;
            registry = named.WithReleases([c.Reference, c.Target]);
            if (!Device.All.Contains(c.Device)) throw new UsageException($"{cell.Name}: unknown device '{c.Device}' in the recorded case");
            if (FileKinds.Of(Path.Combine(folder, ReproBundle.Folder)) is not (FileKind.Missing or FileKind.Directory) and var kind)
                throw new UsageException($"{Path.Combine(folder, ReproBundle.Folder)} is {FileKinds.Describe(kind)}, not a folder of bundles");
            var directory = Path.Combine(folder, ReproBundle.RelativePath(cell.Key));
            var batch = Batch(directory, c, ModelZoo.Get(c.Model));
            if (batch.WhyNotFor(ModelZoo.Get(c.Model)) is { } badBatch) throw new UsageException($"{cell.Name}: {badBatch}");
            var comparison = await ForwardBundles.WriteAsync(registry, c, batch, directory, VerdictRules.Default, cancellationToken);
            stdout.WriteLine(comparison.Line(c));
            stdout.WriteLine(comparison.Table.Summary);
            if (comparison.Passed)
                stdout.WriteLine($"note: the comparison passes now, so it does not reproduce the failure of {cell.Name} (its ISSUE.md says so)");
            stdout.WriteLine($"written: {directory}");
            return 0;
        }
        // Every bad input (the recorded case, the kept batch, the model file, the bindings) is one line naming the cell.
        catch (Exception e) when (e is InvalidDataException or WeightFileFormatException or ArgumentException or KeyNotFoundException or IOException
                                      or NotSupportedException or OracleException or DatasetSourceMissingException)
        {
            throw new UsageException($"{cell.Name}: {e.Message}");
        }
        finally
        {
            foreach (var oracle in registry.Oracles) await oracle.DisposeAsync();
        }
    }

    /// <summary>The bundle's own batch when it exists, else the first test examples of the run's data, else of the dataset.</summary>
    private static InputBatch Batch(string directory, ReproCase c, ModelSpec spec)
    {
        var kept = Path.Combine(directory, ReproBundle.InputsFile);
        if (FileKinds.Of(kept) != FileKind.Missing)
            return FileKinds.WhyNotInputFile(kept) is { } why ? throw new InvalidDataException(why) : InputBatch.Read(kept);
        // Only read, never copied; a FIFO or device there would block or never end.
        return c.Data is { } data && FileKinds.WhyNotInputFile(data) is null
            ? InputBatch.FromTestSplit(data)
            : InputBatch.FromTestSplit(DatasetCatalog.Default.Get(spec.Dataset).Path);
    }
}
