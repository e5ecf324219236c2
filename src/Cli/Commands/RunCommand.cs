using BindingConformance.Cells;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Models;
using BindingConformance.Reports;
using BindingConformance.Runs;

namespace BindingConformance.Cli.Commands;

/// <summary>
/// <c>conformance run</c>: the main job. Exit code 0 when no cell failed, 1 otherwise.
/// </summary>
public sealed class RunCommand(Func<OracleRegistry> createRegistry) : ICommand
{
    public RunCommand() : this(() => new DefaultOracleRegistry()) { }

    public string Name => "run";

    public string Usage => "run [--tier smoke|paper] [--out DIR] [--models A,B] [--model-spec FILE[,FILE]] [--bindings a,b] [--seeds N] [--first-seed N] [--devices cpu,cuda] [--cell-timeout SECONDS]";

    public string Summary => "train, time, save and cross-load every available binding × model of a tier; write report.json and report.md";

    public async Task<int> RunAsync(CommandArgs args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var tier = Tier(args.Option("tier"));
        var output = Path.GetFullPath(args.OutputFolder("out") ?? Path.Combine("artifacts", "conformance"));
        var specPaths = args.List("model-spec");
        // Models of the user's own run alone unless --models names zoo models too.
        var models = args.List("models") ?? (specPaths is null ? tier.DefaultModels : []);
        var bindings = args.List("bindings");
        var devices = args.List("devices") ?? Device.All;
        var seeds = Seeds(args, 5);
        // 0 (the default) derives each request's limit from its plan (RequestDeadline).
        var cellTimeout = args.Double("cell-timeout", 0);
        args.EnsureAllUsed();

        if (cellTimeout < 0 || cellTimeout > RequestDeadline.Longest.TotalSeconds)
            throw new UsageException($"--cell-timeout must be 0 (derive each limit from the plan) or a number of seconds up to {RequestDeadline.Longest.TotalSeconds:0} (got {cellTimeout})");
        Models(models);
        var specs = (specPaths ?? []).Select(Spec).ToArray();
        foreach (var device in devices.Where(d => !Device.All.Contains(d)))
            throw new UsageException($"unknown device '{device}'; known: {string.Join(", ", Device.All)}");

        using var outputLock = OutputFolderLock.Acquire(output);
        var registry = createRegistry();
        try
        {
            if (bindings is not null)
            {
                foreach (var id in bindings) registry.Get(id);
                registry = new OracleRegistry(registry.Oracles.Where(o => bindings.Contains(o.Binding.Id)));
            }

            var progress = new ConsoleProgress(stderr);
            progress.Report($"{tier.Describe([.. models, .. specs.Select(s => s.Spec.Name)], seeds, registry.Oracles)}; devices {string.Join(", ", devices)}; writing {output}");
            var plan = tier.Plan(models, seeds, devices, output, registry.Oracles, progress, specs);
            plan = plan with
            {
                CellTimeout = cellTimeout > 0 ? TimeSpan.FromSeconds(cellTimeout) : null,
                // The hazard probes check bindings, not a model: a run of the user's own models alone leaves them out.
                Probes = models.Count == 0 ? [] : plan.Probes,
            };
            RunReport report;
            try
            {
                report = await new ConformanceRunner(registry, plan, progress).RunAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The runner rewrote the report after each finished cell; say what it holds, then let the dispatcher exit.
                WriteSummary(stdout, RunReportReader.Read(Path.Combine(output, "report.json")), output, " (interrupted)");
                throw;
            }
            WriteSummary(stdout, report, output, "");
            return report.Count(CellOutcome.Failed) == 0 ? 0 : 1;
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException)
        {
            throw new UsageException(e.Message);
        }
        finally
        {
            foreach (var oracle in registry.Oracles) await oracle.DisposeAsync();
        }
    }

    private static void WriteSummary(TextWriter stdout, RunReport report, string output, string note)
    {
        stdout.WriteLine($"{report.Count(CellOutcome.Passed)} passed, {report.Count(CellOutcome.Failed)} failed, {report.Count(CellOutcome.Skipped)} skipped " +
                         $"in {report.ElapsedSeconds:F0} s{note}");
        stdout.WriteLine($"report: {Path.Combine(output, "report.md")} and report.json");
    }

    /// <summary>The tier named by <c>--tier</c> (default smoke).</summary>
    internal static TierPolicy Tier(string? name)
    {
        try
        {
            return TierPolicy.Named(name ?? "smoke");
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>Refuses a model the zoo does not have before anything runs.</summary>
    internal static void Models(IEnumerable<string> models)
    {
        try
        {
            TierPolicy.CheckModels(models);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>A model spec file (<c>--model-spec</c>), read before anything runs: a broken one is one line naming the field.</summary>
    internal static ModelSpecFile Spec(string path)
    {
        try
        {
            return ModelSpecFile.Read(path);
        }
        catch (InvalidDataException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary><c>--seeds N --first-seed F</c>: the seeds F..F+N-1.</summary>
    internal static int[] Seeds(CommandArgs args, int defaultCount)
    {
        var count = args.Int("seeds", defaultCount);
        var first = args.Int("first-seed", 1);
        if (count < 1) throw new UsageException("--seeds must be at least 1");
        if (first < 0 || first > int.MaxValue - count) throw new UsageException($"--first-seed must be between 0 and {int.MaxValue - count} (got {first})");
        return Enumerable.Range(first, count).ToArray();
    }
}
